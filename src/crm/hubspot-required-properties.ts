// Strict portals (issue 71 item 5): from the 2026-09 API version HubSpot enforces on API writes the
// rules a portal's admin set for people (developers.hubspot.com changelog, "CRM API Write
// Validation Enforcement Starting with the 2026-09 API Version": required fields of the Create
// Record form and conditional required properties; a write without them is 400 VALIDATION_ERROR).
// Before a create, the object's required properties are read from its schema
//   GET /crm-object-schemas/{version}/schemas/{contacts|companies|deals} → {requiredProperties: [name…]}
// (the object schemas API; the properties API's definitions carry no "required" flag), kept for
// 10 minutes per tenant and object. Each one Baton's mapping has a value for is filled; one it has
// none for refuses the write before it is sent, as a dead letter that names the property and says
// what to do. A rule the schema does not show (a conditional one) still comes back as HubSpot's 400,
// whose named properties become the same clear dead letter (requiredRefusal).
// A token granted before the schema scopes were asked for reads 403: no list, HubSpot's 400 decides.
// Updates (PATCH) too: HubSpot refuses an update that sets a required property to empty (400
// VALIDATION_ERROR) and takes one that leaves it out. An update never sends a required property
// blank (forUpdate): Baton sends a blank where it has no value (a one-word name's lastname), not
// to clear HubSpot's, so the property is left out and HubSpot keeps what it holds. The schema is
// read only when an update holds a blank, so an ordinary update costs no extra call.
import { CrmWriteError } from "./builtin-crm.ts";

export type HubSpotObjectType = "contacts" | "companies" | "deals";

/** HubSpot's own names in its refusals (CONTACT, COMPANY, DEAL) and Baton's words for them. */
const LABEL: Record<HubSpotObjectType, { hubspot: string; word: string; settings: string }> = {
  contacts: { hubspot: "CONTACT", word: "contact", settings: "Contacts" },
  companies: { hubspot: "COMPANY", word: "company", settings: "Companies" },
  deals: { hubspot: "DEAL", word: "deal", settings: "Deals" },
};

export const REQUIRED_PROPERTIES_TTL_MS = 10 * 60_000;

type Call = <T>(clientId: string, method: string, path: string, body?: unknown) => Promise<T>;

/** What Baton can give HubSpot for a record: property name → value (null: Baton has none). */
export type BatonValues = Record<string, string | null | undefined>;

/** Whether the refused write created the record or updated it. */
export type HubSpotWrite = "create" | "update";

/**
 * What a person does in Baton to give a property its value, where it is not the record's own field
 * (the deal owner: hubspot_owner_id comes from the owner's CRM user id); by property name.
 */
export type RequiredHints = Record<string, string>;

function missingMessage(
  type: HubSpotObjectType,
  names: string[],
  fills: string[],
  o: { hubspot?: string; on?: HubSpotWrite; hints?: RequiredHints } = {},
) {
  const l = LABEL[type];
  const quoted = names.map((n) => `"${n}"`).join(", ");
  const them = names.length > 1 ? "them" : "it";
  const hinted = names.map((n) => o.hints?.[n]).filter((h): h is string => !!h);
  const todo = hinted.length ? hinted.join("; ") : `give the ${l.word} a value in Baton`;
  return (
    `HubSpot's portal requires the ${l.word} ${names.length > 1 ? "properties" : "property"} ${quoted} ` +
    `on ${o.on ?? "create"} and Baton has no value for ${them}` +
    (fills.length ? ` (Baton fills ${fills.join(", ")})` : "") +
    `: ${todo}, or lift the requirement in HubSpot (Settings → Objects → ` +
    `${l.settings} → Create Record, or the property's conditional rule), then retry this write` +
    (o.hubspot ? ` [HubSpot: ${o.hubspot}]` : "")
  );
}

/**
 * HubSpot's 400 for a write without a required property ("Some required properties for CONTACT
 * creates are missing: [jobtitle]"), made the dead letter that names them; anything else unchanged.
 */
export function requiredRefusal(
  e: unknown,
  type: HubSpotObjectType,
  values: BatonValues,
  on: HubSpotWrite = "create",
  hints?: RequiredHints,
): unknown {
  if (!(e instanceof CrmWriteError) || e.status !== 400) return e;
  const m = /required propert(?:y|ies)[^[]*missing:\s*\[([^\]]*)\]/i.exec(e.message);
  if (!m) return e;
  const names = (m[1] ?? "")
    .split(",")
    .map((s) => s.replace(/^\s*(?:One of\s*\[)?|[\s\]]+$/gi, "").trim())
    .filter(Boolean);
  return new CrmWriteError(
    missingMessage(type, names.length ? names : ["(unnamed)"], filled(values), {
      hubspot: e.message,
      on,
      hints,
    }),
    true,
    400,
  );
}

/** The properties Baton's mapping can fill for this object. */
const filled = (values: BatonValues) => Object.keys(values);

export class HubSpotRequiredProperties {
  private readonly cache = new Map<string, { at: number; names: string[] }>();

  constructor(
    private readonly call: Call,
    private readonly version: string,
    private readonly now: () => Date,
  ) {}

  /** The properties the portal requires on a create of this object (cached 10 minutes). */
  async of(clientId: string, type: HubSpotObjectType): Promise<string[]> {
    const key = `${clientId}/${type}`;
    const at = this.now().getTime();
    const hit = this.cache.get(key);
    if (hit && at - hit.at < REQUIRED_PROPERTIES_TTL_MS) return hit.names;
    let names: string[] = [];
    try {
      const schema = await this.call<{ requiredProperties?: unknown }>(
        clientId,
        "GET",
        `/crm-object-schemas/${this.version}/schemas/${type}`,
      );
      if (Array.isArray(schema.requiredProperties))
        names = schema.requiredProperties.filter((n): n is string => typeof n === "string");
    } catch (e) {
      // no schema scope (a grant older than it) or no such schema: HubSpot's own 400 decides
      if (!(e instanceof CrmWriteError && (e.status === 403 || e.status === 404))) throw e;
    }
    this.cache.set(key, { at, names });
    return names;
  }

  /** The create's properties with every required one filled from Baton's values, or the refusal. */
  async fill(
    clientId: string,
    type: HubSpotObjectType,
    properties: Record<string, string>,
    values: BatonValues,
    hints?: RequiredHints,
  ): Promise<Record<string, string>> {
    const out = { ...properties };
    const missing: string[] = [];
    for (const name of await this.of(clientId, type)) {
      if (out[name]?.trim()) continue;
      const v = values[name]?.trim();
      if (v) out[name] = v;
      else missing.push(name);
    }
    if (missing.length)
      throw new CrmWriteError(missingMessage(type, missing, filled(values), { hints }), true, 400);
    return out;
  }

  /**
   * An update's properties without a blank value for a required property: left out, HubSpot keeps
   * the value it holds (a PATCH that blanks one is refused; one that leaves it out is taken).
   */
  async forUpdate(
    clientId: string,
    type: HubSpotObjectType,
    properties: Record<string, string>,
  ): Promise<Record<string, string>> {
    const blank = Object.keys(properties).filter((n) => !properties[n]?.trim());
    if (!blank.length) return properties;
    const required = new Set(await this.of(clientId, type));
    return Object.fromEntries(
      Object.entries(properties).filter(([n]) => !(required.has(n) && blank.includes(n))),
    );
  }
}
