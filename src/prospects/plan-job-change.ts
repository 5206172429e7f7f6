// A job change the file shows (issue 69 item 3): a row that names a known person by their CRM id,
// else by their previous address, with an address at another company. Planned before the row's
// account is resolved (plan-contact-import.ts), since the new company may be one Baton does not know.

import { accountCellDomain, cellKeys } from "../contact-keys/index.ts";
import type { RowCells } from "./check-contact-row.ts";
import type { PlannedWrite, RawRow } from "./contact-plan.ts";
import { type PlanState, remember } from "./contact-plan-state.ts";
import { provenMoveDomain } from "./job-change.ts";

/**
 * A known person (by CRM id, else by their previous address; never by name) at another company:
 * before the account is resolved, since a new company is one Baton may not know yet. True when the
 * row was a job change (and reported).
 */
export function planJobChange(s: PlanState, get: RawRow, c: RowCells, row: number, line: number): boolean {
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
