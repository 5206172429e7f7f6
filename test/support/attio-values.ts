// The attribute values behind the Attio stand-in (attio-stand-in.ts), versioned as Attio versions
// them (docs.attio.com attribute-types: every value has active_from, active_until (null while it is
// active) and created_by_actor; list-record-attribute-values: show_historic returns them all):
//   - a written value closes the one it replaces and opens its own; a multiselect attribute written
//     by a PATCH (append) keeps the values it has and adds the new ones;
//   - relationship attributes come in pairs and a write to one side writes the other
//     (attribute-types-record-reference): people.company ↔ companies.team, deals.associated_people ↔
//     people.associated_deals, deals.associated_company ↔ companies.associated_deals;
//   - historic values of COMINT (communication intelligence) and enriched attributes are refused,
//     as the endpoint documents (400).
// Timestamps are Attio's: nanosecond ISO strings, 2026-03-02T10:00:00.000000000Z.

export interface Actor {
  type: "workspace-member" | "api-token" | "system";
  id: string | null;
}

export type Version = Record<string, unknown> & {
  active_from: string;
  active_until: string | null;
  created_by_actor: Actor;
  attribute_type: string;
};
export type Versions = Version[];

interface VersionedRecord {
  object: string;
  record_id: string;
  history: Record<string, Versions>;
}

/** Attio's timestamp: nanosecond precision, UTC. */
export function attioStamp(d: Date): string {
  return `${d.toISOString().slice(0, 23)}000000Z`;
}

const MULTISELECT = new Set([
  "email_addresses",
  "domains",
  "phone_numbers",
  "team",
  "associated_deals",
  "associated_people",
  "associated_users",
  "categories",
]);

/** The relationship pairs of the standard objects: object.slug → [other object, its slug]. */
const RELATIONSHIPS: Record<string, [string, string]> = {
  "people.company": ["companies", "team"],
  "companies.team": ["people", "company"],
  "deals.associated_people": ["people", "associated_deals"],
  "people.associated_deals": ["deals", "associated_people"],
  "deals.associated_company": ["companies", "associated_deals"],
  "companies.associated_deals": ["deals", "associated_company"],
};

/** The standard attributes of the objects Baton reads (standard-objects-people, -companies, -deals). */
const STANDARD: Record<string, string[]> = {
  people: [
    "name",
    "email_addresses",
    "company",
    "job_title",
    "description",
    "phone_numbers",
    "primary_location",
    "associated_deals",
    "associated_users",
    "avatar_url",
    "linkedin",
    "twitter",
    "twitter_follower_count",
    "first_interaction",
    "last_interaction",
    "next_interaction",
    "first_email_interaction",
    "last_email_interaction",
    "first_calendar_interaction",
    "last_calendar_interaction",
    "strongest_connection_strength",
    "strongest_connection_user",
    "created_at",
    "created_by",
  ],
  companies: [
    "name",
    "domains",
    "description",
    "team",
    "associated_deals",
    "categories",
    "logo_url",
    "estimated_arr_usd",
    "employee_range",
    "funding_raised_usd",
    "foundation_date",
    "first_interaction",
    "last_interaction",
    "created_at",
    "created_by",
  ],
  deals: ["name", "stage", "owner", "value", "associated_people", "associated_company", "created_at"],
};

/** Communication-intelligence and enriched attributes: no historic values (the endpoint answers 400). */
const NOT_HISTORIC = new Set([
  "first_interaction",
  "last_interaction",
  "next_interaction",
  "first_email_interaction",
  "last_email_interaction",
  "first_calendar_interaction",
  "last_calendar_interaction",
  "strongest_connection_strength",
  "strongest_connection_user",
  "avatar_url",
  "linkedin",
  "twitter",
  "twitter_follower_count",
  "logo_url",
  "categories",
  "estimated_arr_usd",
  "employee_range",
  "funding_raised_usd",
  "foundation_date",
]);

function isKnownAttribute(object: string, slug: string, r: VersionedRecord): boolean {
  return (STANDARD[object] ?? []).includes(slug) || slug in r.history;
}

function historicRefusal(_object: string, slug: string): string | null {
  return NOT_HISTORIC.has(slug)
    ? `Historic values cannot be queried on COMINT or enriched attributes ("${slug}").`
    : null;
}

const domainOf = (email: string) => email.slice(email.lastIndexOf("@") + 1).toLowerCase();

/** A written value (the write shape Baton sends) in Attio's read shape, without the version fields. */
export function readShape(
  object: string,
  slug: string,
  written: unknown,
  members: Map<string, string>,
): Record<string, unknown>[] {
  const list = Array.isArray(written) ? written : [written];
  return list.map((v) => {
    if (slug === "email_addresses") {
      const email = typeof v === "string" ? v : String((v as { email_address?: unknown }).email_address);
      return { email_address: email, original_email_address: email, email_domain: domainOf(email) };
    }
    if (slug === "domains") {
      const domain = typeof v === "string" ? v : String((v as { domain?: unknown }).domain);
      return { domain, root_domain: domain };
    }
    if (object === "deals" && slug === "stage") return { status: { title: String(v) } };
    if (object === "deals" && slug === "owner") {
      const email =
        typeof v === "string"
          ? v
          : (v as { workspace_member_email_address?: string }).workspace_member_email_address;
      return {
        referenced_actor_type: "workspace-member",
        referenced_actor_id: members.get(String(email)) ?? null,
      };
    }
    if (v && typeof v === "object") return { ...(v as Record<string, unknown>) };
    return { value: v };
  });
}

const ATTRIBUTE_TYPES: Record<string, string> = {
  email_addresses: "email-address",
  domains: "domain",
  name: "personal-name",
  stage: "status",
  owner: "actor-reference",
};

function attributeType(object: string, slug: string, v: Record<string, unknown>): string {
  if (`${object}.${slug}` in RELATIONSHIPS || "target_record_id" in v) return "record-reference";
  if (object !== "people" && slug === "name") return "text";
  return ATTRIBUTE_TYPES[slug] ?? (typeof v.value === "boolean" ? "checkbox" : "text");
}

/** What makes two values the same value (a multiselect keeps one of each). */
function identity(v: Record<string, unknown>): string {
  const { active_from: _f, active_until: _u, created_by_actor: _a, attribute_type: _t, ...rest } = v;
  return JSON.stringify(sorted(rest));
}

function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (!v || typeof v !== "object") return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
  );
}

/**
 * Sets an attribute of `r`: replaces its active values (they end at `at`), or with `append` (a
 * multiselect PATCH) adds those it lacks. Keeps the relationship's other side in step.
 */
export function setAttribute(
  records: Map<string, VersionedRecord>,
  r: VersionedRecord,
  slug: string,
  values: Record<string, unknown>[],
  opts: { actor: Actor; at: string; append: boolean },
  mirrored = false,
): void {
  if (!r.history[slug]) r.history[slug] = [];
  const versions = r.history[slug];
  const current = versions.filter((v) => v.active_until === null);
  const wanted = new Map(values.map((v) => [identity(v), v]));
  const multiselect = MULTISELECT.has(slug);
  const ended: Version[] = [];
  if (!(multiselect && opts.append))
    for (const v of current)
      if (!wanted.has(identity(v))) {
        v.active_until = opts.at;
        ended.push(v);
      }
  const kept = new Set(current.filter((v) => v.active_until === null).map(identity));
  const added: Version[] = [];
  for (const [key, v] of wanted) {
    if (kept.has(key)) continue;
    const version: Version = {
      ...v,
      active_from: typeof v.active_from === "string" ? v.active_from : opts.at,
      active_until: null,
      created_by_actor: opts.actor,
      attribute_type: attributeType(r.object, slug, v),
    };
    versions.push(version);
    added.push(version);
    if (!multiselect) break;
  }
  const pair = RELATIONSHIPS[`${r.object}.${slug}`];
  if (!pair || mirrored) return;
  const [otherObject, otherSlug] = pair;
  const me = { target_object: r.object, target_record_id: r.record_id };
  for (const v of ended) {
    const other = records.get(String(v.target_record_id));
    const theirs = other?.history[otherSlug] ?? [];
    for (const o of theirs)
      if (o.active_until === null && o.target_record_id === r.record_id) o.active_until = opts.at;
  }
  for (const v of added) {
    const other = records.get(String(v.target_record_id));
    if (!other || other.object !== otherObject) continue;
    const keep = (other.history[otherSlug] ?? []).filter(
      (o) => o.active_until === null && o.target_record_id !== r.record_id,
    );
    const next = MULTISELECT.has(otherSlug) ? [...keep.map(stripped), me] : [me];
    setAttribute(records, other, otherSlug, next, opts, true);
  }
}

function stripped(v: Version): Record<string, unknown> {
  const { active_until: _u, created_by_actor: _a, attribute_type: _t, ...rest } = v;
  return rest;
}

/**
 * GET …/records/{id}/attributes/{slug}/values: [200, {data}] or [status, [code, message]] (the
 * record or attribute unknown: 404; a bad parameter, or history of a COMINT/enriched one: 400).
 */
export function listValues(
  r: VersionedRecord | undefined,
  object: string,
  recordId: string,
  slug: string,
  q: URLSearchParams,
): [number, unknown] {
  if (!r || r.object !== object) return [404, ["not_found", `Record with ID "${recordId}" not found.`]];
  if (!isKnownAttribute(object, slug, r))
    return [404, ["not_found", `Attribute with slug/ID "${slug}" not found.`]];
  const historic = q.get("show_historic");
  if (historic !== null && historic !== "true" && historic !== "false")
    return [400, ["validation_type", "show_historic must be a boolean"]];
  const refused = historic === "true" ? historicRefusal(object, slug) : null;
  if (refused) return [400, ["validation_type", refused]];
  const limit = q.has("limit") ? Number(q.get("limit")) : undefined;
  const offset = Number(q.get("offset") ?? 0);
  if (
    (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) ||
    !Number.isInteger(offset) ||
    offset < 0
  )
    return [400, ["validation_type", "limit and offset must be non-negative integers"]];
  const all = [...(r.history[slug] ?? [])]
    .filter((v) => historic === "true" || v.active_until === null)
    .sort((a, b) => a.active_from.localeCompare(b.active_from));
  return [200, { data: all.slice(offset, limit === undefined ? undefined : offset + limit) }];
}
