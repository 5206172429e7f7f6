// The checks of one contact row's cells, in order (issue 15 item 1): the first refusal's reason
// (a missing field, a bad or erased or suppressed address, a bad legal basis, time zone, country,
// phone or previous address), else the cells the later stages of plan-contact-import.ts plan with.

import { domainSuffixes, isValidEmail, normalizeEmail } from "../contact-keys/index.ts";
import type { RawRow } from "./contact-plan.ts";
import type { PlanState } from "./contact-plan-state.ts";
import { LEGAL_BASES } from "./tables.ts";

/** A row's cells once they passed their checks (checkRow). */
export interface RowCells {
  rawEmail: string;
  emailKey: string | null;
  fullName: string;
  crmId: string | null;
  legalBasis: string | null;
  legalBasisSource: string | null;
  timeZone: string | null;
  country: string | null;
  phone: string | null;
  previousKey: string | null;
  account: string;
}

/** The checks of a row's cells, in order: its cells, or the first refusal's reason. */
export function checkRow(s: PlanState, get: RawRow): RowCells | string {
  const { lookups, opts } = s;
  const rawEmail = get("email");
  const fullName =
    get("full_name") || [get("first_name"), get("last_name")].filter((x) => x.length > 0).join(" ") || null;
  const crmId = get("crm_id") || null;
  if (!rawEmail && !crmId) return "missing_required_field:email";
  if (!fullName) return "missing_required_field:name";
  if (rawEmail && !isValidEmail(rawEmail)) return "bad_email";
  const emailKey = rawEmail ? normalizeEmail(rawEmail) : null;
  if (emailKey && lookups.erasedEmailKeys.has(emailKey)) return "erased";
  if (emailKey && lookups.suppressedEmailKeys.has(emailKey)) return "suppressed:email";
  if (
    emailKey &&
    domainSuffixes(emailKey.slice(emailKey.lastIndexOf("@") + 1)).some((d) =>
      lookups.suppressedDomains.has(d),
    )
  )
    return "suppressed:domain";
  const legalBasis = get("legal_basis") || opts.legalBasis || null;
  if (legalBasis && !(LEGAL_BASES as readonly string[]).includes(legalBasis)) return "bad_legal_basis";
  const timeZone = get("time_zone") || null;
  if (timeZone && !opts.validZone(timeZone)) return "bad_time_zone";
  const country = get("country").toUpperCase() || null;
  if (country && !/^[A-Z]{2}$/.test(country)) return "bad_country";
  const phone = get("phone").trim() || null;
  if (phone && !isPhoneNumber(phone)) return "bad_phone";
  const previous = get("previous_email").trim();
  if (previous && !isValidEmail(previous)) return "bad_previous_email";
  const previousKey = previous ? normalizeEmail(previous) : null;
  const legalBasisSource = legalBasis ? get("legal_basis_source") || opts.legalBasisSource || "import" : null;
  return {
    rawEmail,
    emailKey,
    fullName,
    crmId,
    legalBasis,
    legalBasisSource,
    timeZone,
    country,
    phone,
    previousKey,
    account: get("account"),
  };
}

/**
 * A number a person can dial: digits with the usual separators (space . - / and parentheses), an
 * optional leading +, an optional extension (x, ext or ext.), 7 to 15 digits before it (E.164 has
 * at most 15), and no more than the column's 40 characters.
 */
export function isPhoneNumber(s: string): boolean {
  if (s.length > 40) return false;
  const m = /^(\+?[0-9 ().\-/]+?)\s*(?:(?:x|ext\.?)\s*[0-9]{1,6})?$/i.exec(s);
  if (!m || /[()]/.test(m[1]) !== /\(.*\)/.test(m[1])) return false;
  const digits = m[1].replace(/[^0-9]/g, "").length;
  return digits >= 7 && digits <= 15;
}
