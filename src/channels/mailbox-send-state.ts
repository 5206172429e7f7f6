// A tenant's sending mailboxes as the mailbox state page shows them (issue 12 part 6): today's
// sends against the day's limit, the warm-up ramp, and the campaigns whose pool holds each one.
// Every mailbox that has a limit, is in a pool, or sent today is listed.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { effectiveDailyLimit, rampOf, utcDay, type WarmupRamp } from "./mailbox-limits.ts";

export interface MailboxSendState {
  mailbox: string;
  /** sends counted today (UTC day) */
  sent_today: number;
  /** the configured limit; null: none */
  daily_limit: number | null;
  /** today's limit with the ramp applied; null: none */
  limit_today: number | null;
  ramp: { start: number; step: number; start_day: string } | null;
  /** limit_today - sent_today (never below 0); null: no limit */
  remaining_today: number | null;
  /** slugs of the campaigns whose pool holds it */
  campaigns: string[];
}

export async function mailboxSendState(
  db: Kysely<DB>,
  clientId: string,
  now: Date = new Date(),
): Promise<MailboxSendState[]> {
  const today = utcDay(now);
  const rows = await sql<{
    mailbox: string;
    daily_limit: number | null;
    ramp_start: number | null;
    ramp_step: number | null;
    ramp_start_day: Date | string | null;
    sent_today: number;
    campaigns: string[] | null;
  }>`
    with boxes as (
      select mailbox from mailbox_limits where client_id = ${clientId}
      union select mailbox from campaign_mailboxes where client_id = ${clientId}
      union select mailbox from mailbox_send_counts where client_id = ${clientId} and day = ${today}::date
    )
    select b.mailbox, l.daily_limit, l.ramp_start, l.ramp_step, l.ramp_start_day,
           coalesce(c.sent, 0)::int as sent_today,
           (select array_agg(cp.slug order by cp.slug) from campaign_mailboxes m
              join campaigns cp on cp.client_id = m.client_id and cp.id = m.campaign_id
             where m.client_id = ${clientId} and m.mailbox = b.mailbox) as campaigns
      from boxes b
      left join mailbox_limits l on l.client_id = ${clientId} and l.mailbox = b.mailbox
      left join mailbox_send_counts c on c.client_id = ${clientId} and c.mailbox = b.mailbox
                                     and c.day = ${today}::date
     order by b.mailbox`.execute(db);
  return rows.rows.map((r) => {
    const ramp: WarmupRamp | null = r.daily_limit === null ? null : rampOf(r);
    const limit = r.daily_limit === null ? null : effectiveDailyLimit(r.daily_limit, ramp, today);
    return {
      mailbox: r.mailbox,
      sent_today: r.sent_today,
      daily_limit: r.daily_limit,
      limit_today: limit,
      ramp: ramp ? { start: ramp.start, step: ramp.step, start_day: ramp.startDay } : null,
      remaining_today: limit === null ? null : Math.max(0, limit - r.sent_today),
      campaigns: r.campaigns ?? [],
    };
  });
}
