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
  const s: PlanState = {
    lookups,
    opts,
    report: [],
    writes: [],
    inFile: new Map(),
    newAccounts: new Map(),
    jobChanges: [],
    moving: new Set(),
  };
  for (let i = 0; i < rows.length; i++) {
    planRow(s, rows[i], i);
    if ((i & 255) === 255) yield;
  }
  return {
    report: s.report,
    writes: s.writes,
    newAccounts: [...new Set(s.newAccounts.values())],
    jobChanges: s.jobChanges,
  };
}

/** What the plan has decided so far: each row reads the rows above it through this. */
interface PlanState {
  lookups: ImportLookups;
  opts: ContactPlanOptions;
  report: RowReport[];
  writes: PlannedWrite[];
  /** the writes planned so far, by `e:<email key>` and `c:<crm id>` */
  inFile: Map<string, PlannedWrite>;
  newAccounts: Map<string, NewAccount>;
  jobChanges: PlannedJobChange[];
  /** the contacts a job change of the file moves */
  moving: Set<string>;
}

/** A row's cells once they passed their checks (checkRow). */
interface RowCells {
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

/**
 * One row, in stages: its cells checked (checkRow), then a job change (planJobChange), else its
 * account resolved (resolveAccount), else its write planned against the file and the database
 * (planWrite). Each stage reports the row when it decides it.
 */
function planRow(s: PlanState, { get, line, invalidUtf8At }: ImportRow, i: number): void {
  const row = i + 1;
  // never stored with U+FFFD in place of what the file held (issue 36 item 14)
  if (invalidUtf8At !== undefined) {
    s.report.push({ row, line, action: "refused", reason: "invalid_utf8", byte_offset: invalidUtf8At });
    return;
  }
  const cells = checkRow(s, get);
  if (typeof cells === "string") {
    s.report.push({ row, line, action: "refused", reason: cells });
    return;
  }
  if (planJobChange(s, get, cells, row, line)) return;
  const account = resolveAccount(s, cells.account);
  if ("refused" in account) {
    s.report.push({ row, line, action: "refused", reason: account.refused });
    return;
  }
  planWrite(s, get, cells, account.accountId, row, line);
}

/** The checks of a row's cells, in order: its cells, or the first refusal's reason. */
function checkRow(s: PlanState, get: RawRow): RowCells | string {
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
 * A known person (by CRM id, else by their previous address; never by name) at another company:
 * before the account is resolved, since a new company is one Baton may not know yet. True when the
 * row was a job change (and reported).
 */
function planJobChange(s: PlanState, get: RawRow, c: RowCells, row: number, line: number): boolean {
  const jobChange =
    s.opts.onDuplicate === "update" ? jobChangeOf(s, c.crmId, c.previousKey, c.emailKey, c.account) : null;
  if (!jobChange) return false;
  s.jobChanges.push({ ...jobChange, index: s.report.length, email: c.rawEmail.trim() });
  s.moving.add(jobChange.contactId);
  if (jobChange.domain === null) {
    // nothing about the person's job is written until a person decides
    const w: PlannedWrite = {
      contactId: jobChange.contactId,
      create: false,
      values: {
        email: null,
        emailKey: null,
        fullName: c.fullName,
        title: null,
        linkedinUrl: get("linkedin_url") || null,
        phone: c.phone,
        crmId: c.crmId,
        accountId: null,
        timeZone: c.timeZone,
        country: c.country,
        legalBasis: c.legalBasis,
        legalBasisSource: c.legalBasisSource,
      },
    };
    remember(s, w);
    s.writes.push(w);
  }
  s.report.push({
    row,
    line,
    action: "updated",
    reason: jobChange.domain ? "job_change" : "job_change_needs_review",
    id: jobChange.contactId,
  });
  return true;
}

/**
 * The account a row names: by domain, then by normalised name; then an account this file already
 * named. One none has is listed as new (counted even when refused) and is the row's only if the
 * caller asked to create accounts.
 */
function resolveAccount(s: PlanState, account: string): { accountId: string | null } | { refused: string } {
  let accountId: string | null = null;
  if (account) {
    const keys = cellKeys(account);
    for (const k of keys) accountId ??= s.lookups.accountByKey.get(k) ?? null;
    if (!accountId) {
      const problem = newAccountProblem(account);
      if (problem) return { refused: problem };
      const known = keys.map((k) => s.newAccounts.get(k)).find((a) => a !== undefined);
      const planned = known ?? {
        id: s.opts.newId(),
        name: account.trim(),
        domain: accountCellDomain(account),
        rows: 0,
      };
      planned.rows++;
      for (const k of keys) if (!s.newAccounts.has(k)) s.newAccounts.set(k, planned);
      if (!s.opts.createAccounts) return { refused: "unknown_account" };
      accountId = planned.id;
    }
  }
  return { accountId };
}

/**
 * The row's write: a repeat within the file (by email key, then by CRM id) merges into or skips
 * the earlier row; an existing contact (the same order) is updated or skipped; else a new contact.
 */
function planWrite(
  s: PlanState,
  get: RawRow,
  c: RowCells,
  accountId: string | null,
  row: number,
  line: number,
): void {
  const { lookups, opts, report } = s;
  const { emailKey, crmId } = c;
  const values: ContactValues = {
    email: c.rawEmail ? c.rawEmail.trim() : null,
    emailKey,
    fullName: c.fullName,
    title: get("title") || null,
    linkedinUrl: get("linkedin_url") || null,
    phone: c.phone,
    crmId,
    accountId,
    timeZone: c.timeZone,
    country: c.country,
    legalBasis: c.legalBasis,
    legalBasisSource: c.legalBasisSource,
  };
  // a repeat within the file (by email key, then by CRM id)
  const earlier =
    (emailKey && s.inFile.get(`e:${emailKey}`)) || (crmId && s.inFile.get(`c:${crmId}`)) || null;
  if (earlier) {
    if (opts.onDuplicate === "skip" || s.moving.has(earlier.contactId)) {
      report.push({ row, line, action: "skipped", reason: "duplicate_in_file", id: earlier.contactId });
      return;
    }
    merge(earlier.values, values);
    remember(s, earlier);
    report.push({ row, line, action: "updated", reason: "duplicate_in_file", id: earlier.contactId });
    return;
  }
  // an existing contact (by email key, then by CRM id)
  const existing =
    (emailKey && lookups.existingByEmailKey.get(emailKey)) ||
    (crmId && lookups.existingByCrmId.get(crmId)) ||
    null;
  if (existing) {
    const w: PlannedWrite = { contactId: existing, create: false, values };
    remember(s, w);
    if (opts.onDuplicate === "skip") {
      report.push({ row, line, action: "skipped", reason: "exists", id: existing });
      return;
    }
    s.writes.push(w);
    report.push({ row, line, action: "updated", reason: "exists", id: existing });
    return;
  }
  const w: PlannedWrite = { contactId: opts.newId(), create: true, values };
  remember(s, w);
  s.writes.push(w);
  report.push({ row, line, action: "created", id: w.contactId });
}

function jobChangeOf(
  s: PlanState,
  crmId: string | null,
  previousKey: string | null,
  emailKey: string | null,
  account: string,
) {
  const { lookups, inFile } = s;
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

function remember(s: PlanState, w: PlannedWrite) {
  if (w.values.emailKey) s.inFile.set(`e:${w.values.emailKey}`, w);
  if (w.values.crmId) s.inFile.set(`c:${w.values.crmId}`, w);
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
