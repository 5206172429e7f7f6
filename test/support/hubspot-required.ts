// The HubSpot stand-in's strict portal (issue 71 item 5): the objects' schemas as the object
// schemas API answers them (GET /crm-object-schemas/{version}/schemas/{objectType}: id,
// objectTypeId, name, labels, requiredProperties, …), and a create without a required property
// refused as HubSpot refuses it under the 2026-09 write validation: 400, category VALIDATION_ERROR,
// naming the object and the missing properties ("Some required properties for CONTACT creates are
// missing: [jobtitle]", the form HubSpot documents for required properties on create). An update
// (PATCH) that sets a required property to empty is refused the same way, naming the update; one
// that leaves it out is taken (the 2026-09 changelog enforces the portal's rules on creates and
// updates; it shows the category, not the update's wording, so the create's form is kept).
import { randomUUID } from "node:crypto";

const OBJECTS: Record<string, { id: string; singular: string; plural: string; upper: string }> = {
  contacts: { id: "0-1", singular: "Contact", plural: "Contacts", upper: "CONTACT" },
  companies: { id: "0-2", singular: "Company", plural: "Companies", upper: "COMPANY" },
  deals: { id: "0-3", singular: "Deal", plural: "Deals", upper: "DEAL" },
};

/** What every portal requires on create (a deal's name and stage); an admin can add more. */
export const DEFAULT_REQUIRED: Record<string, string[]> = {
  contacts: [],
  companies: [],
  deals: ["dealname", "dealstage"],
};

/** The object's schema, or null for an object the stand-in does not keep. */
export function objectSchema(type: string, required: string[]): Record<string, unknown> | null {
  const o = OBJECTS[type];
  if (!o) return null;
  return {
    id: o.id,
    objectTypeId: o.id,
    name: type,
    fullyQualifiedName: type,
    labels: { singular: o.singular, plural: o.plural },
    requiredProperties: required,
    searchableProperties: [],
    secondaryDisplayProperties: [],
    associations: [],
    properties: [],
    archived: false,
  };
}

/** HubSpot's refusal of a create that lacks a required property; null when none is missing. */
export function missingRequired(
  type: string,
  properties: Record<string, unknown>,
  required: string[],
): Record<string, unknown> | null {
  const missing = required.filter((n) => {
    const v = properties[n];
    return v === undefined || v === null || String(v).trim() === "";
  });
  const o = OBJECTS[type];
  if (!missing.length || !o) return null;
  return {
    status: "error",
    message: `Some required properties for ${o.upper} creates are missing: [${missing.join(", ")}]`,
    correlationId: randomUUID(),
    context: { [`${o.upper} properties`]: missing },
    category: "VALIDATION_ERROR",
  };
}

/** HubSpot's refusal of an update that blanks a required property; null when it blanks none. */
export function blankedRequired(
  type: string,
  properties: Record<string, unknown>,
  required: string[],
): Record<string, unknown> | null {
  const blanked = required.filter((n) => {
    if (!(n in properties)) return false; // left out: HubSpot keeps its value
    const v = properties[n];
    return v === null || String(v).trim() === "";
  });
  const o = OBJECTS[type];
  if (!blanked.length || !o) return null;
  return {
    status: "error",
    message: `Some required properties for ${o.upper} updates are missing: [${blanked.join(", ")}]`,
    correlationId: randomUUID(),
    context: { [`${o.upper} properties`]: blanked },
    category: "VALIDATION_ERROR",
  };
}
