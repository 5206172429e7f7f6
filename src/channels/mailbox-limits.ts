// spec 002 "Per-mailbox daily send limits are configurable". A limit row per (tenant, mailbox);
// no row means no limit. Sends are counted per UTC day in mailbox_send_counts, reserved with one
// atomic upsert whose WHERE is the limit, so concurrent senders cannot both take the last slot.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";

/** The UTC calendar day of `now`, as YYYY-MM-DD. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Midnight UTC after `now`: when a mailbox that reached its limit may send again. */
export function nextUtcMidnight(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

export async function setMailboxLimit(
  db: Kysely<DB>,
  clientId: string,
  mailbox: string,
  dailyLimit: number | null,
  now: Date,
): Promise<void> {
  if (dailyLimit === null) {
    await db
      .deleteFrom("mailbox_limits")
      .where("client_id", "=", clientId)
      .where("mailbox", "=", mailbox)
      .execute();
    return;
  }
  await db
    .insertInto("mailbox_limits")
    .values({ client_id: clientId, mailbox, daily_limit: dailyLimit, updated_at: now })
    .onConflict((oc) =>
      oc.columns(["client_id", "mailbox"]).doUpdateSet({ daily_limit: dailyLimit, updated_at: now }),
    )
    .execute();
}

export async function listMailboxLimits(db: Kysely<DB>, clientId: string, now: Date) {
  return db
    .selectFrom("mailbox_limits as l")
    .leftJoin("mailbox_send_counts as c", (j) =>
      j
        .onRef("c.client_id", "=", "l.client_id")
        .onRef("c.mailbox", "=", "l.mailbox")
        .on("c.day", "=", utcDay(now)),
    )
    .select(["l.mailbox", "l.daily_limit", sql<number>`coalesce(c.sent, 0)::int`.as("sent_today")])
    .where("l.client_id", "=", clientId)
    .orderBy("l.mailbox")
    .execute();
}

/** Key of a (tenant, mailbox) pair in the map mailboxLimitsOf returns. */
export function mailboxKey(clientId: string, mailbox: string): string {
  return `${clientId}\u0000${mailbox}`;
}

/** The daily limits of these mailboxes, in one query, keyed by mailboxKey; no entry = no limit. */
export async function mailboxLimitsOf(
  db: Kysely<DB>,
  mailboxes: { clientId: string; mailbox: string }[],
): Promise<Map<string, number>> {
  const limits = new Map<string, number>();
  if (mailboxes.length === 0) return limits;
  const rows = await sql<{ client_id: string; mailbox: string; daily_limit: number }>`
    select client_id, mailbox, daily_limit from mailbox_limits
    where (client_id, mailbox) in (
      select * from unnest(${mailboxes.map((m) => m.clientId)}::text[], ${mailboxes.map((m) => m.mailbox)}::text[]))`.execute(
    db,
  );
  for (const r of rows.rows) limits.set(mailboxKey(r.client_id, r.mailbox), r.daily_limit);
  return limits;
}

/** Takes one send from today's allowance of a mailbox whose limit is known; false at the limit. */
export async function takeMailboxSend(
  db: Kysely<DB>,
  clientId: string,
  mailbox: string,
  dailyLimit: number,
  now: Date,
): Promise<boolean> {
  if (dailyLimit <= 0) return false;
  const row = await sql<{ sent: number }>`
    insert into mailbox_send_counts (client_id, mailbox, day, sent)
    values (${clientId}, ${mailbox}, ${utcDay(now)}::date, 1)
    on conflict (client_id, mailbox, day)
      do update set sent = mailbox_send_counts.sent + 1
      where mailbox_send_counts.sent < ${dailyLimit}
    returning sent`.execute(db);
  return row.rows.length === 1;
}

/** Gives a reserved send back (the message was not accepted by the server). */
export async function releaseMailboxSend(db: Kysely<DB>, clientId: string, mailbox: string, now: Date) {
  await db
    .updateTable("mailbox_send_counts")
    .set({ sent: sql`sent - 1` })
    .where("client_id", "=", clientId)
    .where("mailbox", "=", mailbox)
    .where("day", "=", utcDay(now))
    .where("sent", ">", 0)
    .execute();
}
