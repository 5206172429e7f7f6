// How a contact import finds the account a row names (issue 60: an import refused every contact
// whose company was not yet an account): by domain first ("northwind.example", a URL or an address
// at it), then by the name normalised (case, accents, punctuation and a trailing legal form such as
// "Inc." or "GmbH" set aside), so "Northwind Commerce, Inc." finds "northwind commerce". A name no
// account has may become a new account when the person asks (create_accounts): one per distinct
// key, however many rows name it.
import { normalizeDomain } from "./normalize-email.ts";

const LEGAL_FORMS = new Set([
  "inc",
  "incorporated",
  "ltd",
  "limited",
  "llc",
  "llp",
  "plc",
  "gmbh",
  "ag",
  "sa",
  "sas",
  "sarl",
  "bv",
  "nv",
  "oy",
  "ab",
  "as",
  "spa",
  "srl",
  "co",
  "corp",
  "corporation",
  "company",
  "pty",
  "kg",
]);

/** The name's key: lower case, no accents, words of letters and digits, no trailing legal form. */
export function accountNameKey(name: string): string {
  const words = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    // initials written with dots are one word: "S.A." is "sa", "U.K." is "uk"
    .replace(/(?<![\p{L}\p{N}])(\p{L})\.(?=\p{L}(?![\p{L}\p{N}]))/gu, "$1")
    .replace(/&/g, " and ")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  while (words.length > 1 && LEGAL_FORMS.has(words[words.length - 1]!)) words.pop();
  return words.join(" ");
}

/** A cell that is a domain, a URL or an address: its domain; a company name: null. */
export function accountCellDomain(cell: string): string | null {
  const v = cell.trim().toLowerCase();
  if (/\s/.test(v)) return null;
  return normalizeDomain(v.replace(/^https?:\/\/(www\.)?/, "").replace(/[/?#].*$/, ""));
}

/** The keys an account is found by: `d:<domain>` and `n:<name key>`. */
export function accountKeys(a: { name: string; domain: string | null }): string[] {
  const d = a.domain ? normalizeDomain(a.domain) : null;
  const n = accountNameKey(a.name);
  return [...(d ? [`d:${d}`] : []), ...(n ? [`n:${n}`] : [])];
}

/** The cell's keys, domain first. */
export function cellKeys(cell: string): string[] {
  const d = accountCellDomain(cell);
  const n = accountNameKey(cell);
  return [...(d ? [`d:${d}`] : []), ...(n ? [`n:${n}`] : [])];
}

export const ACCOUNT_NAME_MAX = 200;

/**
 * Why a cell cannot name a new account, or null: a spreadsheet formula (a name starting with =, +,
 * -, @, a tab or a carriage return runs as one when the accounts are exported and opened), a name
 * longer than ACCOUNT_NAME_MAX, or one with no letter or digit.
 */
export function newAccountProblem(cell: string): string | null {
  const name = cell.trim();
  if (/^[=+\-@\t\r]/.test(name)) return "bad_account_name:formula";
  if (name.length > ACCOUNT_NAME_MAX) return "bad_account_name:too_long";
  if (accountNameKey(name) === "") return "bad_account_name:empty";
  return null;
}
