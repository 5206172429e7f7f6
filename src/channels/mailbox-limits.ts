// spec 002 "Per-mailbox daily send limits are configurable". A limit row per (tenant, mailbox);
// no row means no limit; an optional warm-up ramp lowers it while the mailbox warms up (issue 12). Sends are counted per UTC day in mailbox_send_counts, reserved with one
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

/** A warm-up ramp (issue 12): `start` sends on `startDay`, `step` more each day after. */
export interface WarmupRamp {
  start: number;
  step: number;
  /** YYYY-MM-DD (UTC day, as the counts) */
  startDay: string;
}

/**
 * The limit that applies on a UTC day: min(limit, start + step × days since the ramp's start);
 * before the ramp starts, its first day's number.
 */
export function effectiveDailyLimit(dailyLimit: number, ramp: WarmupRamp | null, day: string): number {
  if (!ramp) return dailyLimit;
  const days = Math.max(
    0,
    Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${ramp.startDay}T00:00:00Z`)) / 86_400_000),
  );
  return Math.min(dailyLimit, ramp.start + ramp.step * days);
}

type LimitRow = {
  client_id: string;
  mailbox: string;
  daily_limit: number;
  ramp_start: number | null;
  ramp_step: number | null;
  ramp_start_day: Date | string | null;
};

export function rampOf(r: Pick<LimitRow, "ramp_start" | "ramp_step" | "ramp_start_day">): WarmupRamp | null {
  if (r.ramp_start === null || r.ramp_step === null || r.ramp_start_day === null) return null;
  const day =
    r.ramp_start_day instanceof Date ? utcDay(r.ramp_start_day) : String(r.ramp_start_day).slice(0, 10);
  return { start: r.ramp_start, step: r.ramp_step, startDay: day };
}

/**
 * Today's limits of these mailboxes (warm-up ramps applied), in one query, keyed by mailboxKey;
 * no entry = no limit.
 */
export async function mailboxLimitsOf(
  db: Kysely<DB>,
  mailboxes: { clientId: string; mailbox: string }[],
  now: Date = new Date(),
): Promise<Map<string, number>> {
  const limits = new Map<string, number>();
  if (mailboxes.length === 0) return limits;
  const rows = await sql<LimitRow>`
    select client_id, mailbox, daily_limit, ramp_start, ramp_step, ramp_start_day from mailbox_limits
    where (client_id, mailbox) in (
      select * from unnest(${mailboxes.map((m) => m.clientId)}::text[], ${mailboxes.map((m) => m.mailbox)}::text[]))`.execute(
    db,
  );
  const today = utcDay(now);
  for (const r of rows.rows)
    limits.set(mailboxKey(r.client_id, r.mailbox), effectiveDailyLimit(r.daily_limit, rampOf(r), today));
  return limits;
}

/** Sends counted today for these mailboxes, keyed by mailboxKey (absent = 0). */
export async function sentTodayOf(
  db: Kysely<DB>,
  mailboxes: { clientId: string; mailbox: string }[],
  now: Date,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (mailboxes.length === 0) return out;
  const rows = await sql<{ client_id: string; mailbox: string; sent: number }>`
    select client_id, mailbox, sent from mailbox_send_counts
    where day = ${utcDay(now)}::date and (client_id, mailbox) in (
      select * from unnest(${mailboxes.map((m) => m.clientId)}::text[], ${mailboxes.map((m) => m.mailbox)}::text[]))`.execute(
    db,
  );
  for (const r of rows.rows) out.set(mailboxKey(r.client_id, r.mailbox), r.sent);
  return out;
}

/**
 * Takes one send from today's allowance of a mailbox; false at the limit. One atomic upsert whose
 * WHERE is the limit, so concurrent senders cannot both take the last slot. `null`: no limit, the
 * send is only counted (rotation picks the least used mailbox of a pool).
 */
export async function takeMailboxSend(
  db: Kysely<DB>,
  clientId: string,
  mailbox: string,
  dailyLimit: number | null,
  now: Date,
): Promise<boolean> {
  if (dailyLimit !== null && dailyLimit <= 0) return false;
  const row = await sql<{ sent: number }>`
    insert into mailbox_send_counts (client_id, mailbox, day, sent)
    values (${clientId}, ${mailbox}, ${utcDay(now)}::date, 1)
    on conflict (client_id, mailbox, day)
      do update set sent = mailbox_send_counts.sent + 1
      where ${dailyLimit}::int is null or mailbox_send_counts.sent < ${dailyLimit}::int
    returning sent`.execute(db);
  return row.rows.length === 1;
}

/** Sets (or with null clears) a mailbox's warm-up ramp; the mailbox must have a limit. */
export async function setMailboxRamp(
  db: Kysely<DB>,
  clientId: string,
  mailbox: string,
  ramp: WarmupRamp | null,
  now: Date,
): Promise<boolean> {
  const r = await db
    .updateTable("mailbox_limits")
    .set({
      ramp_start: ramp?.start ?? null,
      ramp_step: ramp?.step ?? null,
      ramp_start_day: ramp?.startDay ?? null,
      updated_at: now,
    })
    .where("client_id", "=", clientId)
    .where("mailbox", "=", mailbox)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
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
