// Contact changes Salesforce's own field history proves (Object Reference: ContactHistory; the org
// tracks Account, Email and Title under Set History Tracking), read by keyset as the contacts are:
//   SELECT Id, ContactId, Field, OldValue, NewValue, CreatedDate FROM ContactHistory
//   WHERE CreatedDate > :t OR (CreatedDate = :t AND Id > :id) ORDER BY CreatedDate, Id
// Each row is one change with its own id (the signal's dedup key, CrmChange.changeId):
//   - Title → title_changed;
//   - Account (the row with the ids; the lookup's other row carries names) from one account to
//     another → company_changed when the same contact's Email moved, within a day of it, from one
//     domain to the new account's Website domain; the new account is read for its Name and
//     Website. Anything less (no old account, no new address, an address at another domain, an
//     account without a website) is company_unconfirmed: a person decides.
import { accountCellDomain } from "../contact-keys/index.ts";
import type { CrmChange } from "./crm-adapter.ts";
import type { SalesforceRest } from "./salesforce-rest.ts";
import { isSalesforceId, soqlDateTime, soqlString } from "./salesforce-soql.ts";

export interface HistoryCursor {
  t: Date;
  id: string;
}

interface HistoryRow {
  Id: string;
  ContactId: string;
  Field: string;
  OldValue: unknown;
  NewValue: unknown;
  CreatedDate: string;
}

/** How far apart the Account and Email changes may be and still be one move. */
const MOVE_WINDOW_MS = 86_400_000;
const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);
const domainOf = (email: string | null) => (email?.includes("@") ? accountCellDomain(email) : null);
const isId = (v: unknown): v is string => typeof v === "string" && isSalesforceId(v);

/**
 * A field history object's rows after `cursor`, by keyset on (CreatedDate, Id), and the cursor past
 * the settled ones: as the contacts' feed, a row younger than `settled` is read again next time
 * (applying it twice is a no-op). `and` narrows the rows (a condition ANDed before the keyset).
 */
export async function readHistory<R extends { Id: string; CreatedDate: string }>(
  rest: SalesforceRest,
  clientId: string,
  select: string,
  and: string,
  cursor: HistoryCursor,
  opts: { settled: number; maxPages?: number },
): Promise<{ records: R[]; next: HistoryCursor }> {
  const t = soqlDateTime(cursor.t);
  const keyset = `(CreatedDate > ${t} OR (CreatedDate = ${t} AND Id > ${soqlString(cursor.id)}))`;
  const { records } = await rest.query<R>(
    clientId,
    `${select} WHERE ${and ? `${and} AND ` : ""}${keyset} ORDER BY CreatedDate, Id`,
    opts.maxPages ?? 10,
  );
  let next = cursor;
  for (const r of records) {
    const at = new Date(r.CreatedDate);
    if (at.getTime() > opts.settled) break;
    next = { t: at, id: r.Id };
  }
  return { records, next };
}

export async function readContactHistory(
  rest: SalesforceRest,
  clientId: string,
  cursor: HistoryCursor,
  opts: { settled: number; maxPages?: number },
): Promise<{ changes: CrmChange[]; cursor: HistoryCursor }> {
  const { records, next } = await readHistory<HistoryRow>(
    rest,
    clientId,
    "SELECT Id, ContactId, Field, OldValue, NewValue, CreatedDate FROM ContactHistory",
    "",
    cursor,
    opts,
  );
  const changes: CrmChange[] = [];
  const moves = records.filter((r) => r.Field === "Account" && isId(r.OldValue) && isId(r.NewValue));
  const accounts = new Map<string, { Name: string | null; Website: string | null }>();
  const ids = [...new Set(moves.map((r) => r.NewValue as string))];
  if (ids.length) {
    const { records: found } = await rest.query<{ Id: string; Name: string | null; Website: string | null }>(
      clientId,
      `SELECT Id, Name, Website FROM Account WHERE ${ids.map((id) => `Id = ${soqlString(id)}`).join(" OR ")}`,
    );
    for (const a of found) accounts.set(a.Id, a);
  }
  for (const r of records) {
    const occurredAt = new Date(r.CreatedDate);
    const base = { externalContactId: r.ContactId, occurredAt, changeId: r.Id };
    if (r.Field === "Title" && text(r.NewValue))
      changes.push({ ...base, kind: "title_changed", value: text(r.NewValue)! });
    if (!moves.includes(r)) continue;
    const account = accounts.get(r.NewValue as string);
    const website = account?.Website ? accountCellDomain(account.Website) : null;
    const company = text(account?.Name) ?? undefined;
    const email = records.find(
      (e) =>
        e.ContactId === r.ContactId &&
        e.Field === "Email" &&
        Math.abs(new Date(e.CreatedDate).getTime() - occurredAt.getTime()) <= MOVE_WINDOW_MS,
    );
    const newEmail = text(email?.NewValue);
    const from = domainOf(text(email?.OldValue));
    const to = domainOf(newEmail);
    if (website && from && to && from !== to && to === website)
      changes.push({ ...base, kind: "company_changed", value: website, email: newEmail!, company });
    else
      changes.push({ ...base, kind: "company_unconfirmed", company, ...(website ? { value: website } : {}) });
  }
  return { changes, cursor: next };
}
