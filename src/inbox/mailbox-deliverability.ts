// A sending mailbox's deliverability (issue 35 items 1 and 3; docs/mailboxes.md "Complaints"):
// - a bounce whose fault was the sender's (blocked, DMARC/SPF, reputation, spam, content) keeps
//   the address and flags the mailbox that sent it, with the reason;
// - its complaint rate is complaints (ARF reports, or provider webhooks, proving one of its sends) over its last 1,000
//   sends; past 0.3 % (the mailbox providers' limit) the mailbox pauses itself: it sends nothing
//   (reserve-mailboxes.ts reads the pause) until a person resumes it, and its state says why.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { appendEvents, NO_LINEAGE } from "../event-log/index.ts";

export const COMPLAINT_WINDOW_SENDS = 1_000;
export const COMPLAINT_RATE_LIMIT = 0.003;
/**
 * issue 67 item 4: a mailbox pauses itself past 3 % bounces over its last 100 sends (Instantly
 * pauses at 1.8 %; Google's and Yahoo's bulk-sender rules read a bounce rate above a few per cent as
 * a list problem). It is judged once it has 20 sends, so one early bounce does not pause it.
 */
export const BOUNCE_WINDOW_SENDS = 100;
export const BOUNCE_RATE_LIMIT = 0.03;
export const BOUNCE_MIN_SENDS = 20;

const key = (m: string) => m.trim().toLowerCase();

/** Flags the sending mailbox (in the caller's transaction); a paused one stays paused. */
export async function flagSenderFault(
  tx: Kysely<DB>,
  clientId: string,
  mailbox: string,
  reason: string,
  now: Date,
): Promise<void> {
  const why = `sender fault: ${reason}`.replace(/\s+/g, " ").slice(0, 300);
  await sql`
    insert into mailbox_deliverability (client_id, mailbox, status, reason, flagged_at, sender_fault_count, updated_at)
    values (${clientId}, ${key(mailbox)}, 'flagged', ${why}, ${now}, 1, ${now})
    on conflict (client_id, mailbox) do update
      set status = case when mailbox_deliverability.status = 'paused' then 'paused' else 'flagged' end,
          reason = case when mailbox_deliverability.status = 'paused' then mailbox_deliverability.reason
                        else excluded.reason end,
          flagged_at = excluded.flagged_at,
          sender_fault_count = mailbox_deliverability.sender_fault_count + 1,
          updated_at = excluded.updated_at`.execute(tx);
}

export interface ComplaintRate {
  mailbox: string;
  complaints: number;
  sends: number;
  rate: number;
  /** this call paused the mailbox */
  paused: boolean;
}

/**
 * The mailbox's complaint rate over its last 1,000 sends, stored; pauses it past the limit. Call in
 * the transaction that records the complaint (its inbox_messages row already written).
 */
export async function recordComplaintRate(
  tx: Kysely<DB>,
  clientId: string,
  mailbox: string,
  now: Date,
): Promise<ComplaintRate> {
  const r = await sql<{ sends: number; complaints: number }>`
    with sends as (
      select message_id from channel_deliveries
       where client_id = ${clientId} and mailbox = ${mailbox} and status in ('sending', 'sent', 'failed')
       order by created_at desc limit ${COMPLAINT_WINDOW_SENDS})
    select (select count(*) from sends)::int as sends,
           (select count(distinct m) from (
              select i.delivery_message_id as m from inbox_messages i
               where i.client_id = ${clientId} and i.kind = 'complaint'
                 and i.delivery_message_id in (select message_id from sends)
              union all
              select w.details->>'message_id' from mail_webhook_events w
               where w.client_id = ${clientId} and w.kind = 'complaint' and w.outcome = 'applied'
                 and w.details->>'message_id' in (select message_id from sends)) c)::int as complaints`.execute(
    tx,
  );
  const sends = Number(r.rows[0]?.sends ?? 0);
  const complaints = Number(r.rows[0]?.complaints ?? 0);
  const rate = sends > 0 ? complaints / sends : 0;
  const over = rate > COMPLAINT_RATE_LIMIT;
  const why = `complaint rate ${(rate * 100).toFixed(2)} % (${complaints} of the last ${sends} sends) is above ${(COMPLAINT_RATE_LIMIT * 100).toFixed(1)} %`;
  const row = await sql<{ paused_now: boolean }>`
    insert into mailbox_deliverability (client_id, mailbox, status, reason, complaints, sends_counted,
                                        complaint_rate, paused_at, updated_at)
    values (${clientId}, ${key(mailbox)}, ${over ? "paused" : "ok"}, ${over ? why : null}, ${complaints}, ${sends},
            ${rate}, ${over ? now : null}, ${now})
    on conflict (client_id, mailbox) do update
      set complaints = excluded.complaints, sends_counted = excluded.sends_counted,
          complaint_rate = excluded.complaint_rate, updated_at = excluded.updated_at,
          status = case when ${over} then 'paused' else mailbox_deliverability.status end,
          reason = case when ${over} and mailbox_deliverability.status <> 'paused' then excluded.reason
                        else mailbox_deliverability.reason end,
          paused_at = case when ${over} and mailbox_deliverability.status <> 'paused' then excluded.paused_at
                           else mailbox_deliverability.paused_at end
    returning (status = 'paused' and paused_at = ${now}) as paused_now`.execute(tx);
  return { mailbox: key(mailbox), complaints, sends, rate, paused: over && !!row.rows[0]?.paused_now };
}

/**
 * The mailbox's bounce rate over its last 100 sends (a bounce is a delivery failed 'bounced: …',
 * recordBounce); past 3 % it pauses itself (reserve-mailboxes.ts reads the pause) until a person
 * resumes it, with an event that gives the numbers. Call after the bounce is recorded. Returns
 * true when this call paused it.
 */
export async function recordBounceRate(
  db: Kysely<DB>,
  clientId: string,
  messageId: string,
  now: Date,
): Promise<boolean> {
  const r = await sql<{ mailbox: string; sends: number; bounces: number }>`
    with m as (select mailbox from channel_deliveries where client_id = ${clientId} and message_id = ${messageId} limit 1),
         sends as (
      select d.status, d.error from channel_deliveries d, m
       where d.client_id = ${clientId} and d.mailbox = m.mailbox and d.status in ('sending', 'sent', 'failed')
       order by d.created_at desc limit ${BOUNCE_WINDOW_SENDS})
    select (select mailbox from m) as mailbox, count(*)::int as sends,
           (count(*) filter (where status = 'failed' and error like 'bounced:%'))::int as bounces
      from sends`.execute(db);
  const row = r.rows[0];
  if (!row?.mailbox || row.sends < BOUNCE_MIN_SENDS) return false;
  const rate = row.bounces / row.sends;
  if (rate <= BOUNCE_RATE_LIMIT) return false;
  const why = `bounce rate ${(rate * 100).toFixed(1)} % (${row.bounces} of the last ${row.sends} sends) is above ${(BOUNCE_RATE_LIMIT * 100).toFixed(0)} %`;
  const paused = await sql<{ mailbox: string }>`
    insert into mailbox_deliverability (client_id, mailbox, status, reason, paused_at, updated_at)
    values (${clientId}, ${key(row.mailbox)}, 'paused', ${why}, ${now}, ${now})
    on conflict (client_id, mailbox) do update
      set status = 'paused', reason = excluded.reason, paused_at = excluded.paused_at, updated_at = excluded.updated_at
      where mailbox_deliverability.status <> 'paused'
    returning mailbox`.execute(db);
  if (paused.rows.length === 0) return false;
  await appendEvents(db, [
    {
      client_id: clientId,
      occurred_at: now,
      channel: "email",
      event_type: "mailbox_paused",
      details: { mailbox: key(row.mailbox), reason: why, bounces: row.bounces, sends: row.sends, rate },
      lineage: NO_LINEAGE,
    },
  ]);
  return true;
}

/** A person resumes a mailbox's sending (the mailbox resume route); the flag's reason is kept as history. */
export async function clearDeliverabilityPause(
  db: Kysely<DB>,
  clientId: string,
  mailbox: string,
  now: Date,
): Promise<boolean> {
  const r = await db
    .updateTable("mailbox_deliverability")
    .set({ status: "ok", paused_at: null, updated_at: now })
    .where("client_id", "=", clientId)
    .where("mailbox", "=", key(mailbox))
    .where("status", "=", "paused")
    .returning("mailbox")
    .executeTakeFirst();
  // each pause and resume is an event (issue 67 item 4)
  if (r)
    await appendEvents(db, [
      {
        client_id: clientId,
        occurred_at: now,
        channel: "email",
        event_type: "mailbox_resumed",
        details: { mailbox: key(mailbox), reason: "resumed by a person" },
        lineage: NO_LINEAGE,
      },
    ]);
  return !!r;
}
