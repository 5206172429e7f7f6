// Opportunity stages people set in Salesforce, read back as deal_stage_changed (issue 69: "CRM
// changes already synced (deal stage, …)"), from the org's field history (Object Reference:
// OpportunityFieldHistory; the org tracks Stage under Opportunity → Set History Tracking), by
// keyset on (CreatedDate, Id) as the contacts' history is:
//   SELECT Id, OpportunityId, OldValue, NewValue, CreatedById, CreatedDate FROM OpportunityFieldHistory
//   WHERE Field = 'StageName' AND (CreatedDate > :t OR (CreatedDate = :t AND Id > :id))
//   ORDER BY CreatedDate, Id
// (NewValue and OldValue are anyType: Salesforce sorts by them but refuses them in WHERE.) A row whose
// CreatedById is the user Baton's tokens act as is Baton's own stage write, not a person's change,
// and is skipped; while that user is not known (a connection older than crm_oauth_tokens.user_ref,
// until its next token refresh names it) the feed is not read and its cursor waits.
// The people of a changed opportunity are its contact roles, one query per 100 opportunities:
//   SELECT OpportunityId, ContactId FROM OpportunityContactRole WHERE OpportunityId IN (…)
// Each (row, contact) is one change, named by the history row's Id and the contact (changeId): read
// again, the same signal.
import type { CrmChange } from "./crm-adapter.ts";
import { type HistoryCursor, readHistory } from "./salesforce-history.ts";
import type { SalesforceRest } from "./salesforce-rest.ts";
import { isSalesforceId, soqlString } from "./salesforce-soql.ts";

interface StageRow {
  Id: string;
  OpportunityId: string;
  OldValue: unknown;
  NewValue: unknown;
  CreatedById: string | null;
  CreatedDate: string;
}

/** Opportunities named per OpportunityContactRole query (the query stays well under SOQL's length limit). */
const ROLE_BATCH = 100;
const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);

export async function readOpportunityStages(
  rest: SalesforceRest,
  clientId: string,
  cursor: HistoryCursor,
  opts: { settled: number; maxPages?: number },
): Promise<{ changes: CrmChange[]; cursor: HistoryCursor }> {
  const baton = await rest.userId(clientId);
  // not knowing Baton's own user, its stage writes would pass for people's: wait for it
  if (!baton) return { changes: [], cursor };
  const { records, next } = await readHistory<StageRow>(
    rest,
    clientId,
    "SELECT Id, OpportunityId, OldValue, NewValue, CreatedById, CreatedDate FROM OpportunityFieldHistory",
    "Field = 'StageName'",
    cursor,
    opts,
  );
  const people = records.filter(
    (r) => r.CreatedById !== baton && text(r.NewValue) && isSalesforceId(r.OpportunityId),
  );
  const roles = await contactRoles(rest, clientId, [...new Set(people.map((r) => r.OpportunityId))]);
  const changes: CrmChange[] = [];
  for (const r of people)
    for (const contactId of roles.get(r.OpportunityId) ?? [])
      changes.push({
        externalContactId: contactId,
        kind: "deal_stage_changed",
        dealId: r.OpportunityId,
        value: text(r.NewValue)!,
        occurredAt: new Date(r.CreatedDate),
        changeId: `${r.Id}:${contactId}`,
      });
  return { changes, cursor: next };
}

/** The contacts of each opportunity (its OpportunityContactRole rows). */
async function contactRoles(
  rest: SalesforceRest,
  clientId: string,
  opportunities: string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < opportunities.length; i += ROLE_BATCH) {
    const ids = opportunities.slice(i, i + ROLE_BATCH).map(soqlString);
    const { records } = await rest.query<{ OpportunityId: string; ContactId: string | null }>(
      clientId,
      `SELECT OpportunityId, ContactId FROM OpportunityContactRole WHERE OpportunityId IN (${ids.join(", ")})`,
    );
    for (const r of records) {
      if (!r.ContactId) continue;
      const list = out.get(r.OpportunityId) ?? [];
      if (!list.includes(r.ContactId)) list.push(r.ContactId);
      out.set(r.OpportunityId, list);
    }
  }
  return out;
}
