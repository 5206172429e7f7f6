// Decides, purely, what each contact row does (issue 15 item 1): refused (with the reason),
// created, updated or skipped. Dedupe is by normalized email first, then by CRM id, against the
// rows above it in the file and against existing contacts; onDuplicate decides what a repeat does.

import { accountCellDomain, cellKeys, newAccountProblem } from "../contact-keys/index.ts";
import { checkRow, type RowCells } from "./check-contact-row.ts";
import type {
  ContactPlan,
  ContactPlanOptions,
  ContactValues,
  ImportLookups,
  ImportRow,
  PlannedWrite,
  RawRow,
} from "./contact-plan.ts";
import { type PlanState, remember } from "./contact-plan-state.ts";
import { planJobChange } from "./plan-job-change.ts";
import { runSteps, type Steps } from "./slice-work.ts";

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

/** A later row's non-empty values win. */
function merge(into: ContactValues, from: ContactValues) {
  for (const k of Object.keys(from) as (keyof ContactValues)[]) {
    if (from[k] !== null) (into as unknown as Record<string, string | null>)[k] = from[k];
  }
}
