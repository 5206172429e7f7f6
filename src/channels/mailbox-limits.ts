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

/** Takes one send from today's allowance; false when the mailbox has reached its limit. */
export async function reserveMailboxSend(
  db: Kysely<DB>,
  clientId: string,
  mailbox: string,
  now: Date,
): Promise<boolean> {
  const limit = await db
    .selectFrom("mailbox_limits")
    .select("daily_limit")
    .where("client_id", "=", clientId)
    .where("mailbox", "=", mailbox)
    .executeTakeFirst();
  if (!limit) return true;
  if (limit.daily_limit <= 0) return false;
  const row = await sql<{ sent: number }>`
    insert into mailbox_send_counts (client_id, mailbox, day, sent)
    values (${clientId}, ${mailbox}, ${utcDay(now)}::date, 1)
    on conflict (client_id, mailbox, day)
      do update set sent = mailbox_send_counts.sent + 1
      where mailbox_send_counts.sent < ${limit.daily_limit}
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
