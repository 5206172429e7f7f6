// The fields an import can fill, and the user's column mapping (field → CSV header column).
import { BatonError } from "../errors/baton-error.ts";

export const CONTACT_FIELDS = [
  "email",
  "first_name",
  "last_name",
  "full_name",
  "title",
  "linkedin_url",
  "phone",
  "crm_id",
  "previous_email",
  "account",
  "time_zone",
  "country",
  "legal_basis",
  "legal_basis_source",
] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export const ACCOUNT_FIELDS = ["name", "domain", "segment", "icp_tier", "vertical"] as const;
export type AccountField = (typeof ACCOUNT_FIELDS)[number];

export type ImportKind = "contacts" | "accounts";

export function fieldsOf(kind: ImportKind): readonly string[] {
  return kind === "contacts" ? CONTACT_FIELDS : ACCOUNT_FIELDS;
}

/** Field → column index in the header row. Throws IMPORT_MAPPING_INVALID. */
export function resolveMapping(
  kind: ImportKind,
  header: string[],
  mapping: Record<string, string>,
): Map<string, number> {
  const fields = fieldsOf(kind);
  const out = new Map<string, number>();
  const facts = { header: header.join(", "), fields: fields.join(", ") };
  for (const [field, column] of Object.entries(mapping)) {
    if (!fields.includes(field))
      throw new BatonError("IMPORT_MAPPING_INVALID", { ...facts, problem: `unknown field '${field}'` });
    const exact = header.indexOf(column);
    const idx = exact >= 0 ? exact : header.findIndex((h) => h.toLowerCase() === column.trim().toLowerCase());
    if (idx < 0)
      throw new BatonError("IMPORT_MAPPING_INVALID", {
        ...facts,
        problem: `no column '${column}' in the header row`,
      });
    out.set(field, idx);
  }
  if (kind === "contacts") {
    if (!out.has("email") && !out.has("crm_id"))
      throw new BatonError("IMPORT_MAPPING_INVALID", {
        ...facts,
        problem: "map email or crm_id (the dedupe keys)",
      });
    if (!out.has("full_name") && !out.has("first_name") && !out.has("last_name"))
      throw new BatonError("IMPORT_MAPPING_INVALID", {
        ...facts,
        problem: "map full_name, or first_name and last_name",
      });
  } else if (!out.has("name")) {
    throw new BatonError("IMPORT_MAPPING_INVALID", { ...facts, problem: "map name" });
  }
  return out;
}

/** Parses "email=Email,first_name=First" (the CLI's --map). */
export function parseMapArg(arg: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of arg.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/** A suggested mapping: header columns whose name looks like a field. */
export function suggestMapping(kind: ImportKind, header: string[]): Record<string, string> {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z]/g, "");
  const aliases: Record<string, string[]> = {
    email: ["email", "emailaddress", "mail"],
    first_name: ["firstname", "first", "givenname"],
    last_name: ["lastname", "last", "surname", "familyname"],
    full_name: ["name", "fullname"],
    title: ["title", "jobtitle"],
    linkedin_url: ["linkedin", "linkedinurl"],
    phone: ["phone", "phonenumber", "mobile", "mobilephone", "telephone", "tel", "workphone", "directdial"],
    crm_id: ["crmid", "externalid", "recordid", "attioid"],
    previous_email: ["previousemail", "oldemail", "formeremail", "previousemailaddress"],
    account: ["company", "account", "companydomain", "organization"],
    time_zone: ["timezone", "tz"],
    country: ["country", "countrycode"],
    legal_basis: ["legalbasis", "basis"],
    domain: ["domain", "website"],
    name: ["name", "company", "account"],
    segment: ["segment"],
    icp_tier: ["icptier", "tier"],
    vertical: ["vertical", "industry"],
  };
  const out: Record<string, string> = {};
  for (const f of fieldsOf(kind)) {
    const col = header.find((h) => (aliases[f] ?? [f]).includes(norm(h)));
    if (col && !Object.values(out).includes(col)) out[f] = col;
  }
  return out;
}
