// The batched gates' shared reads (gateStepsBatch, gateSendsBatch, recordTouchesBatch and the
// engine's batches): lock a batch's contacts in one statement, in contact_id order (two batches
// never deadlock, and the lock order is the one used everywhere: contacts, then enrollments, then
// send items), read their facts in the same shape as lockContact, and their touches in the window.
import { type Expression, type Kysely, type RawBuilder, sql } from "kysely";
import type { DB } from "../../db/database.ts";
import type { AccountFacts, ContactFacts } from "../gates/types.ts";
import { touchWindowStart } from "../touch-window.ts";

/** Locks the contacts of a batch of enrollments or send items; returns their ids. */
export async function lockContactsOf(
  tx: Kysely<DB>,
  clientId: string,
  of: { enrollmentIds: string[] } | { sendItemIds: string[] },
): Promise<string[]> {
  const r = await lockContactsStatement(clientId, of).execute(tx);
  return r.rows.map((x) => x.contact_id);
}

/** lockContactsOf's statement (test/engine/plan-guards.test.ts explains it with its values). */
export function lockContactsStatement(
  clientId: string,
  of: { enrollmentIds: string[] } | { sendItemIds: string[] },
): RawBuilder<{ contact_id: string }> {
  const owners =
    "enrollmentIds" in of
      ? sql`select contact_id from campaign_contacts
             where client_id = ${clientId} and id = any(${of.enrollmentIds}::uuid[])`
      : sql`select contact_id from sales_send_queue
             where client_id = ${clientId} and id = any(${of.sendItemIds}::uuid[])`;
  // = any(array(...)): the owners are computed first (an InitPlan) and each contact is then found by
  // its key. Written as "in (select ...)" the planner could hash-join the owners against the tenant's
  // whole contacts table, and did in bench:engine's tenant of 12,000 contacts (at 32,000 it probed
  // the key): a sequential scan of every contact, three times a batch (3.7 ms against 1.2 ms for
  // 200; docs/performance-journal.md section 0f)
  return sql<{ contact_id: string }>`
    select c.contact_id from contacts c
     where c.client_id = ${clientId} and c.contact_id = any (array(${owners}))
     order by c.contact_id for update`;
}

/** The contact and account columns a gate reads; select them from `contacts c left join accounts a`. */
// The daily cap's zone (issue 12): the contact's, else its account's, else UTC.
export const CONTACT_FACT_COLUMNS: RawBuilder<unknown> = sql`c.account_id, c.unsubscribe_flag, c.opt_out_flag,
  coalesce(c.time_zone, a.time_zone, 'UTC') as time_zone, c.last_sales_signal_at, c.last_marketing_signal_at, a.icp_tier, a.abm_active`;

export type ContactFactRow = {
  account_id: string | null;
  unsubscribe_flag: boolean;
  opt_out_flag: boolean;
  time_zone: string;
  last_sales_signal_at: Date | null;
  last_marketing_signal_at: Date | null;
  icp_tier: "T1" | "T2" | "T3" | null;
  abm_active: boolean | null;
};

export function contactFacts(r: ContactFactRow): { contact: ContactFacts; account: AccountFacts | null } {
  return {
    contact: {
      unsubscribeFlag: r.unsubscribe_flag,
      optOutFlag: r.opt_out_flag,
      timeZone: r.time_zone,
      lastSalesSignalAt: r.last_sales_signal_at,
      lastMarketingSignalAt: r.last_marketing_signal_at,
    },
    account: r.icp_tier ? { icpTier: r.icp_tier, abmActive: r.abm_active === true } : null,
  };
}

/**
 * Non-transactional touch times in (now - 7d, now] per contact (gate 3 counts these), and the
 * times of the contact's sends that may have gone out with no touch recorded yet (issue 39 item 2):
 * a ledger row still 'sending' whose send item is not 'sent' (a crash between the SMTP conversation
 * and the commit of its touch, or its outcome later marked unknown; a bounce makes the row
 * 'failed'). `exceptKeys`: the idempotency keys of the sends being decided now (gateSendsBatch,
 * gateStepsBatch), whose own earlier attempt is not a touch before themselves.
 */
export async function loadTouchesOf(
  tx: Kysely<DB>,
  clientId: string,
  contactIds: string[],
  now: Date,
  exceptKeys: string[] = [],
): Promise<Map<string, Date[]>> {
  return touchesByContact((await touchesQuery(clientId, contactIds, now, exceptKeys).execute(tx)).rows);
}

export type TouchRow = { contact_id: string; occurred_at: Date };

/** loadTouchesOf's statement (gateStepsBatch sends it with the rest of its snapshot in one round trip). */
export function touchesQuery(
  clientId: string,
  contactIds: string[],
  now: Date,
  exceptKeys: string[] = [],
): RawBuilder<TouchRow> {
  const since = touchWindowStart(now);
  // the touches, and the contact's messages that may have gone out with no touch recorded
  // (unsettledSends). The ledger is read contact by contact (a subquery per contact, kept apart by
  // `offset 0`, on the contact index): read for the batch's contacts at once, a generic plan could
  // take the tenant's (client_id, created_at) index and read every delivery of the tenant's week,
  // 4,000 rows for 118 kept (5.4 ms, auto_explain, the simulator's day 8 of 10,000 contacts), a cost
  // that grows with the tenant's volume, not the batch's.
  const ids = [...new Set(contactIds)];
  const notExcepted = sql<boolean>`d.idempotency_key <> all(${exceptKeys}::text[])`;
  // a batch of one contact (a quiet tenant's pass, a step alone) names it with `=`: with
  // `= any($ids)` a server's plan cache costs the generic plan for an array of ten and the custom
  // one for the array of one (48.31 against 8.44 on bench:engine's analyzed database), keeps the
  // custom plan, and so plans the statement again on every call, for the same index-only scan
  const one = ids.length === 1 ? ids[0] : null;
  const contactIs = one ? sql`contact_id = ${one}::uuid` : sql`contact_id = any(${ids}::uuid[])`;
  const touches = sql`
    select contact_id, occurred_at from cadence_event_log
     where client_id = ${clientId} and ${contactIs} and event_type = 'touch'
       and occurred_at > ${since} and occurred_at <= ${now}
       and sequence_type is distinct from 'transactional'
    union all`;
  if (one)
    return sql<TouchRow>`${touches}
    select ${one}::uuid as contact_id, x.occurred_at
      from (${unsettledSends(clientId, sql<string>`${one}::uuid`, since, now, notExcepted)}) x`;
  const unsettled = unsettledSends(clientId, sql<string>`k.contact_id`, since, now, notExcepted);
  return sql<TouchRow>`${touches}
    select k.contact_id, x.occurred_at from unnest(${ids}::uuid[]) as k(contact_id)
     cross join lateral (${unsettled} offset 0) x`;
}

/**
 * A contact's messages that may have gone out with no touch recorded (issue 39 item 2), which gate 3
 * counts beside its touches (this file's touchesQuery for a batch, lock-contact.ts touchesQuery for
 * one decision): the ledger's 'sending' rows (0330) in (since, now] whose send item is not 'sent' (a
 * crash between the SMTP conversation and the commit, before and after its retry marks it an unknown
 * outcome); a bounce makes the row 'failed'. `notExcepted`: the condition on `d.idempotency_key`
 * that leaves out the sends being decided or recorded (their own earlier attempt is not a touch
 * before themselves). 'sending' and 'sent' are literals: the single decision's statement runs named.
 */
export function unsettledSends(
  clientId: string,
  contactId: string | Expression<string>,
  since: Date,
  now: Date,
  notExcepted: RawBuilder<boolean>,
): RawBuilder<{ occurred_at: Date }> {
  return sql<{ occurred_at: Date }>`
    select d.created_at as occurred_at from channel_deliveries d
     where d.client_id = ${clientId} and d.contact_id = ${contactId}
       and d.created_at > ${since} and d.created_at <= ${now} and d.status = 'sending'
       and ${notExcepted}
       and not exists (select 1 from sales_send_queue q
                        where q.client_id = d.client_id and q.idempotency_key = d.idempotency_key
                          and q.status = 'sent')`;
}

/** touchesQuery's rows as each contact's touch times. */
export function touchesByContact(rows: TouchRow[]): Map<string, Date[]> {
  const out = new Map<string, Date[]>();
  for (const t of rows) {
    const times = out.get(t.contact_id);
    if (times) times.push(t.occurred_at);
    else out.set(t.contact_id, [t.occurred_at]);
  }
  return out;
}
