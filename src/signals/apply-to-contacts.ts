// What a signal changes on the contacts it concerns (issue 69 item 1): the spec's
// last_sales_signal / last_sales_signal_at or last_marketing_signal / last_marketing_signal_at, by
// the type's side, only forward in time (an older signal recorded late leaves a fresher one in
// place). spec 000's target_definition matches intent signals on these, spec 001's conflict matrix
// (T2) compares their dates. The contacts are locked in id order before the update, so two batches
// that reach the same contacts wait for each other instead of deadlocking. An account signal
// recorded by someone bound to a book (a rep under 'own'/'team', a team-bound agent) reaches only the
// account's contacts in that book: the others are another person's prospects, which the recorder may
// not raise, propose or change (books of issue 61).
import { type Kysely, sql } from "kysely";
import { type Book, contactRowInBook } from "../books/index.ts";
import type { DB } from "../db/database.ts";
import type { SignalSide } from "./tables.ts";

/** One signal reaching a contact, or every contact of an account (account_reach all_contacts). */
export type Reach = { side: SignalSide; type: string; at: Date } & (
  | { contactId: string; accountId?: undefined }
  | { accountId: string; contactId?: undefined }
);

interface Latest {
  sales?: { type: string; at: Date };
  marketing?: { type: string; at: Date };
}

/**
 * Moves the contacts' last signals forward; returns the contacts that changed, in id order. `book`,
 * when the recorder has one, bounds the contacts an account signal reaches (the whole workspace
 * without it).
 */
export async function applySignalsToContacts(
  tx: Kysely<DB>,
  clientId: string,
  reach: readonly Reach[],
  now: Date,
  book?: Book,
): Promise<string[]> {
  if (reach.length === 0) return [];
  const latest = new Map<string, Latest>();
  const keep = (contactId: string, r: Reach) => {
    const l = latest.get(contactId) ?? {};
    const had = l[r.side];
    // the fresher wins; at the same instant, the first by name (a stable choice)
    if (!had || r.at > had.at || (r.at.getTime() === had.at.getTime() && r.type < had.type))
      l[r.side] = { type: r.type, at: r.at };
    latest.set(contactId, l);
  };
  const accounts = reach.filter((r) => r.accountId !== undefined);
  if (accounts.length) {
    const ids = [...new Set(accounts.map((r) => r.accountId as string))];
    const members = await sql<{ contact_id: string; account_id: string }>`
      select c.contact_id, c.account_id from contacts c
       where c.client_id = ${clientId} and c.account_id = any(${ids}::uuid[]) and c.erased_at is null
         and ${book ? contactRowInBook(book, clientId, "c") : sql<boolean>`true`}`.execute(tx);
    const of = new Map<string, string[]>();
    for (const m of members.rows) of.set(m.account_id, [...(of.get(m.account_id) ?? []), m.contact_id]);
    for (const r of accounts) for (const c of of.get(r.accountId as string) ?? []) keep(c, r);
  }
  for (const r of reach) if (r.contactId !== undefined) keep(r.contactId, r);
  const ids = [...latest.keys()].sort();
  if (ids.length === 0) return [];
  await sql`select contact_id from contacts
             where client_id = ${clientId} and contact_id = any(${ids}::uuid[])
             order by contact_id for update`.execute(tx);
  const col = (f: (l: Latest) => string | null) => ids.map((id) => f(latest.get(id)!));
  const changed = await sql<{ contact_id: string }>`
    update contacts c set
      last_sales_signal = case when v.sales_at > coalesce(c.last_sales_signal_at, '-infinity')
                               then v.sales_type else c.last_sales_signal end,
      last_sales_signal_at = case when v.sales_at > coalesce(c.last_sales_signal_at, '-infinity')
                                  then v.sales_at else c.last_sales_signal_at end,
      last_marketing_signal = case when v.marketing_at > coalesce(c.last_marketing_signal_at, '-infinity')
                                   then v.marketing_type else c.last_marketing_signal end,
      last_marketing_signal_at = case when v.marketing_at > coalesce(c.last_marketing_signal_at, '-infinity')
                                      then v.marketing_at else c.last_marketing_signal_at end,
      updated_at = ${now}
      from unnest(${ids}::uuid[], ${col((l) => l.sales?.type ?? null)}::text[],
                  ${col((l) => l.sales?.at.toISOString() ?? null)}::timestamptz[],
                  ${col((l) => l.marketing?.type ?? null)}::text[],
                  ${col((l) => l.marketing?.at.toISOString() ?? null)}::timestamptz[])
           as v(id, sales_type, sales_at, marketing_type, marketing_at)
     where c.client_id = ${clientId} and c.contact_id = v.id and c.erased_at is null
       and (v.sales_at > coalesce(c.last_sales_signal_at, '-infinity')
            or v.marketing_at > coalesce(c.last_marketing_signal_at, '-infinity'))
     returning c.contact_id`.execute(tx);
  return changed.rows.map((r) => r.contact_id).sort();
}
