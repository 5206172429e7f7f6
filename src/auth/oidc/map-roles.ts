// Claim → role mapping (issue 11): the IdP's claim (e.g. groups) lists values; each value the admin
// mapped grants its roles. Unknown values grant nothing; a person with no mapped value has no role
// (the workspace then shows the "ask your admin" page).
import { ROLES, type Role } from "../principal.ts";

export function mapRoles(
  claims: Record<string, unknown>,
  claim: string,
  map: Record<string, string[]>,
): Role[] {
  const raw = claims[claim];
  const values = Array.isArray(raw) ? raw : typeof raw === "string" ? raw.split(/[\s,]+/) : [];
  const roles = new Set<Role>();
  for (const v of values) {
    if (typeof v !== "string" || !Object.hasOwn(map, v)) continue;
    for (const r of map[v]) if ((ROLES as readonly string[]).includes(r)) roles.add(r as Role);
  }
  return ROLES.filter((r) => roles.has(r));
}

/** The domain of an email address, lower-cased; undefined when it is not an address. */
export function emailDomain(email: string): string | undefined {
  const at = email.lastIndexOf("@");
  return at > 0 && at < email.length - 1 ? email.slice(at + 1).toLowerCase() : undefined;
}
