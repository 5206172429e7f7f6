// Decides, purely, what each contact row does (issue 15 item 1): refused (with the reason),
// created, updated or skipped. Dedupe is by normalized email first, then by CRM id, against the
// rows above it in the file and against existing contacts; onDuplicate decides what a repeat does.

import {
  accountCellDomain,
  cellKeys,
  domainSuffixes,
  isValidEmail,
  newAccountProblem,
  normalizeEmail,
} from "../contact-keys/index.ts";
import type { RowReport } from "./import-job.ts";
import { provenMoveDomain } from "./job-change.ts";
import { runSteps, type Steps } from "./slice-work.ts";
import { LEGAL_BASES } from "./tables.ts";

export interface ContactValues {
  email: string | null;
  emailKey: string | null;
  fullName: string | null;
  title: string | null;
  linkedinUrl: string | null;
  /** as written, trimmed (the phone call channel dials it; 0380) */
  phone: string | null;
  crmId: string | null;
  accountId: string | null;
  timeZone: string | null;
  /** ISO 3166-1 alpha-2 (send windows and holidays, docs/sending.md) */
  country: string | null;
  legalBasis: string | null;
  legalBasisSource: string | null;
}

/** What the database already knows, read in bulk before planning. */
export interface ImportLookups {
  existingByEmailKey: Map<string, string>;
  existingByCrmId: Map<string, string>;
  suppressedEmailKeys: Set<string>;
  suppressedDomains: Set<string>;
  erasedEmailKeys: Set<string>;
  /** account by its keys (account-keys.ts): `d:<domain>`, `n:<normalised name>` */
  accountByKey: Map<string, string>;
  /** the domain of each account accountByKey names */
  accountDomains?: Map<string, string>;
  /** the live contact of each previous address a row names (previous_email's key; job changes) */
  existingByPreviousKey?: Map<string, string>;
  /** the contacts existingByCrmId and existingByPreviousKey name: their address's key and their account's domain (job changes) */
  crmContacts?: Map<string, { emailKey: string | null; accountDomain: string | null }>;
}

/**
 * A job change the file shows (issue 69 item 3): a row that names a known person by their CRM id
 * (else by their previous address, the previous_email column) gives them an address at another company. Proven (the row names the new company and the address
 * is at its domain, job-change.ts's provenMoveDomain): the person moves. Else a person reviews it,
 * and the old contact keeps its address, account and title.
 */
export interface PlannedJobChange {
  contactId: string;
  /** the CRM id the row named the person by: it follows them to the new company (null: named by previous_email) */
  crmId: string | null;
  /** the report row (0-based) */
  index: number;
  email: string;
  /** the new company's domain when the move is proven; null: it needs review */
  domain: string | null;
  company: string | null;
  /** what the row said, for the review */
  named: { company: string | null; domain: string | null };
}

/** An account the file names that none has: listed in the preview, created when asked. */
export interface NewAccount {
  id: string;
  name: string;
  domain: string | null;
  /** the data rows naming it */
  rows: number;
}

export interface PlannedWrite {
  /** existing contact id for an update; a fresh uuid for a create */
  contactId: string;
  create: boolean;
  values: ContactValues;
}

export interface ContactPlan {
  report: RowReport[];
  writes: PlannedWrite[];
  /** the accounts the file names that none has, once each, in file order */
  newAccounts: NewAccount[];
  jobChanges: PlannedJobChange[];
}

export type RawRow = (field: string) => string;

export interface ImportRow {
  get: RawRow;
  line: number;
  /** set when the row's text holds bytes that were not UTF-8: the first one's byte offset */
  invalidUtf8At?: number;
}

export interface ContactPlanOptions {
  onDuplicate: "update" | "skip";
  legalBasis?: string;
  legalBasisSource?: string;
  newId: () => string;
  validZone: (z: string) => boolean;
  /** create the accounts the file names that none has (the API's create_accounts: true) */
  createAccounts?: boolean;
}

export function planContactImport(
  rows: ImportRow[],
  lookups: ImportLookups,
  opts: ContactPlanOptions,
): ContactPlan {
  return runSteps(planContactImportSteps(rows, lookups, opts));
}

/** planContactImport as steps (slice-work.ts), so a large file is planned in slices. */
export function* planContactImportSteps(
  rows: ImportRow[],
  lookups: ImportLookups,
  opts: ContactPlanOptions,
): Steps<ContactPlan> {
  const report: RowReport[] = [];
  const writes: PlannedWrite[] = [];
  const inFile = new Map<string, PlannedWrite>();
  const newAccounts = new Map<string, NewAccount>();
  const jobChanges: PlannedJobChange[] = [];
  const moving = new Set<string>();
  const planRow = ({ get, line, invalidUtf8At }: ImportRow, i: number) => {
    const row = i + 1;
    const refuse = (reason: string) => report.push({ row, line, action: "refused", reason });
    // never stored with U+FFFD in place of what the file held (issue 36 item 14)
    if (invalidUtf8At !== undefined)
      return report.push({
        row,
        line,
        action: "refused",
        reason: "invalid_utf8",
        byte_offset: invalidUtf8At,
      });
    const rawEmail = get("email");
    const fullName =
      get("full_name") || [get("first_name"), get("last_name")].filter((x) => x.length > 0).join(" ") || null;
    const crmId = get("crm_id") || null;
    if (!rawEmail && !crmId) return refuse("missing_required_field:email");
    if (!fullName) return refuse("missing_required_field:name");
    if (rawEmail && !isValidEmail(rawEmail)) return refuse("bad_email");
    const emailKey = rawEmail ? normalizeEmail(rawEmail) : null;
    if (emailKey && lookups.erasedEmailKeys.has(emailKey)) return refuse("erased");
    if (emailKey && lookups.suppressedEmailKeys.has(emailKey)) return refuse("suppressed:email");
    if (
      emailKey &&
      domainSuffixes(emailKey.slice(emailKey.lastIndexOf("@") + 1)).some((d) =>
        lookups.suppressedDomains.has(d),
      )
    )
      return refuse("suppressed:domain");
    const legalBasis = get("legal_basis") || opts.legalBasis || null;
    if (legalBasis && !(LEGAL_BASES as readonly string[]).includes(legalBasis))
      return refuse("bad_legal_basis");
    const timeZone = get("time_zone") || null;
    if (timeZone && !opts.validZone(timeZone)) return refuse("bad_time_zone");
    const country = get("country").toUpperCase() || null;
    if (country && !/^[A-Z]{2}$/.test(country)) return refuse("bad_country");
    const phone = get("phone").trim() || null;
    if (phone && !isPhoneNumber(phone)) return refuse("bad_phone");
    const previous = get("previous_email").trim();
    if (previous && !isValidEmail(previous)) return refuse("bad_previous_email");
    const previousKey = previous ? normalizeEmail(previous) : null;
    const account = get("account");
    // a known person (by CRM id, else by their previous address; never by name) at another company:
    // before the account is resolved, since a new company is one Baton may not know yet
    const jobChange =
      opts.onDuplicate === "update" ? jobChangeOf(crmId, previousKey, emailKey, account) : null;
    if (jobChange) {
      jobChanges.push({ ...jobChange, index: report.length, email: rawEmail.trim() });
      moving.add(jobChange.contactId);
      if (jobChange.domain === null) {
        // nothing about the person's job is written until a person decides
        const w: PlannedWrite = {
          contactId: jobChange.contactId,
          create: false,
          values: {
            email: null,
            emailKey: null,
            fullName,
            title: null,
            linkedinUrl: get("linkedin_url") || null,
            phone,
            crmId,
            accountId: null,
            timeZone,
            country,
            legalBasis,
            legalBasisSource: legalBasis
              ? get("legal_basis_source") || opts.legalBasisSource || "import"
              : null,
          },
        };
        remember(w);
        writes.push(w);
      }
      return report.push({
        row,
        line,
        action: "updated",
        reason: jobChange.domain ? "job_change" : "job_change_needs_review",
        id: jobChange.contactId,
      });
    }
    let accountId: string | null = null;
    if (account) {
      // by domain, then by normalised name; then an account this file already named
      const keys = cellKeys(account);
      for (const k of keys) accountId ??= lookups.accountByKey.get(k) ?? null;
      if (!accountId) {
        const problem = newAccountProblem(account);
        if (problem) return refuse(problem);
        const known = keys.map((k) => newAccounts.get(k)).find((a) => a !== undefined);
        const planned = known ?? {
          id: opts.newId(),
          name: account.trim(),
          domain: accountCellDomain(account),
          rows: 0,
        };
        planned.rows++;
        for (const k of keys) if (!newAccounts.has(k)) newAccounts.set(k, planned);
        if (!opts.createAccounts) return refuse("unknown_account");
        accountId = planned.id;
      }
    }
    const values: ContactValues = {
      email: rawEmail ? rawEmail.trim() : null,
      emailKey,
      fullName,
      title: get("title") || null,
      linkedinUrl: get("linkedin_url") || null,
      phone,
      crmId,
      accountId,
      timeZone,
      country,
      legalBasis,
      legalBasisSource: legalBasis ? get("legal_basis_source") || opts.legalBasisSource || "import" : null,
    };
    // a repeat within the file (by email key, then by CRM id)
    const earlier = (emailKey && inFile.get(`e:${emailKey}`)) || (crmId && inFile.get(`c:${crmId}`)) || null;
    if (earlier) {
      if (opts.onDuplicate === "skip" || moving.has(earlier.contactId))
        return report.push({
          row,
          line,
          action: "skipped",
          reason: "duplicate_in_file",
          id: earlier.contactId,
        });
      merge(earlier.values, values);
      remember(earlier);
      return report.push({
        row,
        line,
        action: "updated",
        reason: "duplicate_in_file",
        id: earlier.contactId,
      });
    }
    // an existing contact (by email key, then by CRM id)
    const existing =
      (emailKey && lookups.existingByEmailKey.get(emailKey)) ||
      (crmId && lookups.existingByCrmId.get(crmId)) ||
      null;
    if (existing) {
      const w: PlannedWrite = { contactId: existing, create: false, values };
      remember(w);
      if (opts.onDuplicate === "skip")
        return report.push({ row, line, action: "skipped", reason: "exists", id: existing });
      writes.push(w);
      return report.push({ row, line, action: "updated", reason: "exists", id: existing });
    }
    const w: PlannedWrite = { contactId: opts.newId(), create: true, values };
    remember(w);
    writes.push(w);
    report.push({ row, line, action: "created", id: w.contactId });
  };
  for (let i = 0; i < rows.length; i++) {
    planRow(rows[i], i);
    if ((i & 255) === 255) yield;
  }
  return { report, writes, newAccounts: [...new Set(newAccounts.values())], jobChanges };

  function jobChangeOf(
    crmId: string | null,
    previousKey: string | null,
    emailKey: string | null,
    account: string,
  ) {
    if (!emailKey || (!crmId && !previousKey)) return null;
    // a row matched by its address, or a person the file named above, is no move
    if (
      lookups.existingByEmailKey.has(emailKey) ||
      (crmId && inFile.has(`c:${crmId}`)) ||
      (previousKey && inFile.has(`e:${previousKey}`)) ||
      inFile.has(`e:${emailKey}`)
    )
      return null;
    // the CRM id names the person first; a previous address names its live contact (the same rule proves the move)
    const contactId =
      (crmId ? lookups.existingByCrmId.get(crmId) : undefined) ??
      (previousKey ? lookups.existingByPreviousKey?.get(previousKey) : undefined);
    const current = contactId ? lookups.crmContacts?.get(contactId) : undefined;
    if (!contactId || !current?.emailKey || current.emailKey === emailKey) return null;
    const domainOf = (key: string) => key.slice(key.lastIndexOf("@") + 1);
    const oldDomain = current.accountDomain ?? domainOf(current.emailKey);
    const known = account
      ? cellKeys(account)
          .map((k) => lookups.accountByKey.get(k))
          .find((id) => id !== undefined)
      : undefined;
    const named = account
      ? (accountCellDomain(account) ?? (known ? lookups.accountDomains?.get(known) : null) ?? null)
      : null;
    // a new address at the same domain, the company unchanged: no move (the update writes it as before)
    if (domainOf(emailKey) === domainOf(current.emailKey) && (!named || named === oldDomain)) return null;
    // anything else is a move, proven only by the new company's domain and the address at it
    const domain = named && named !== oldDomain ? provenMoveDomain(named, emailKey) : null;
    const company = account && !accountCellDomain(account) ? account.slice(0, 200) : null;
    return { contactId, crmId, domain, company, named: { company, domain: named } };
  }

  function remember(w: PlannedWrite) {
    if (w.values.emailKey) inFile.set(`e:${w.values.emailKey}`, w);
    if (w.values.crmId) inFile.set(`c:${w.values.crmId}`, w);
  }
}

/** A later row's non-empty values win. */
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

function merge(into: ContactValues, from: ContactValues) {
  for (const k of Object.keys(from) as (keyof ContactValues)[]) {
    if (from[k] !== null) (into as unknown as Record<string, string | null>)[k] = from[k];
  }
}
