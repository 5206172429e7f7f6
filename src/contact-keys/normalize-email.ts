// The dedupe key of an email address (issue 15 "Dedupe is by normalized email: case-folded; Gmail
// dots and plus-tags aware"). Mirrors baton_email_key() in db/migrations/0130_prospect_data.sql,
// which keeps contacts.email_key; test/prospects/normalize-email.test.ts keeps both in agreement.
//   1. trim and case-fold the whole address;
//   2. googlemail.com is gmail.com;
//   3. gmail.com: dots in the local part are ignored and a +tag is dropped;
//   4. the providers in PLUS_TAG_PROVIDERS deliver a+tag@ to a@: the +tag is dropped;
//   5. every other domain keeps its local part as is (a company's a+b@ may be a distinct mailbox).

export const DOT_BLIND_PROVIDERS = ["gmail.com"] as const;
export const PLUS_TAG_PROVIDERS = [
  "outlook.com",
  "hotmail.com",
  "live.com",
  "msn.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "fastmail.com",
  "fastmail.fm",
  "protonmail.com",
  "proton.me",
  "pm.me",
  "hey.com",
] as const;

// Pragmatic syntax check (not RFC 5322's full grammar): one @, a local part without spaces, a
// dotted domain of letters, digits and hyphens.
const EMAIL_RE =
  /^[^\s@"(),:;<>[\\\]]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

export function isValidEmail(email: string): boolean {
  const e = email.trim();
  return e.length <= 254 && EMAIL_RE.test(e);
}

/** The dedupe and suppression key of an address; null when it has no @. */
export function normalizeEmail(email: string | null | undefined): string | null {
  if (email == null) return null;
  const e = email.trim().toLowerCase();
  const at = e.lastIndexOf("@");
  if (at < 0) return null;
  let local = e.slice(0, at);
  let domain = e.slice(at + 1);
  if (domain === "googlemail.com") domain = "gmail.com";
  if ((DOT_BLIND_PROVIDERS as readonly string[]).includes(domain)) {
    local = local.replace(/\+.*$/, "").replaceAll(".", "");
  } else if ((PLUS_TAG_PROVIDERS as readonly string[]).includes(domain)) {
    local = local.replace(/\+.*$/, "");
  }
  return `${local}@${domain}`;
}

/** The lower-cased domain of an address, or of a bare domain ("Acme.COM" → "acme.com"). */
export function normalizeDomain(value: string): string | null {
  const v = value.trim().toLowerCase().replace(/^@/, "");
  const d = v.includes("@") ? v.slice(v.lastIndexOf("@") + 1) : v;
  return /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/.test(d)
    ? d
    : null;
}

/** 'a.b.example.com' → a.b.example.com, b.example.com, example.com (a domain suppression covers subdomains). */
export function domainSuffixes(domain: string): string[] {
  const parts = domain.split(".");
  return parts.slice(0, -1).map((_, i) => parts.slice(i).join("."));
}
