// Retention (issue 15 item 5): what Baton no longer needs is removed on a schedule.
//   - replies of enrollments that ended more than replyDays ago (and replies with no enrollment
//     received that long ago): the text goes, the row (intent, action, time) stays for reports;
//   - drafts of those enrollments' send items after draftDays: subject, body, original, context;
//   - message bodies after bodyDays: the dev mailbox's bodies and headers, rep tasks' bodies;
//   - signals that happened more than signalDays ago (issue 69): deleted; the contacts' last signal
//     and its date (spec 000's intent signals, spec 001's recency) stay;
//   - anonymous visitors' held events (0790) nobody identified within 30 days: deleted, always (the
//     hold is what they were kept for, not a period the tenant sets);
//   - archived plays retired more than playYears (spec 000: 7) years ago: deleted by
//     baton_purge_archived_plays (0200), the owner's function, under the archive guard's one
//     exception (0131).
// A period of 0 keeps that kind. Every pass reports what it removed, per kind.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { VISITOR_HOLD_DAYS } from "../signals/visitor-events.ts";

export interface RetentionPolicy {
  replyDays: number;
  draftDays: number;
  bodyDays: number;
  playYears: number;
  signalDays: number;
}

export interface RetentionResult {
  replies: number;
  drafts: number;
  message_bodies: number;
  rep_task_bodies: number;
  signals: number;
  visitor_events: number;
  archived_plays: number;
}

const DAY = 24 * 3600_000;
const PURGED = "[purged]";

/** One pass, for one tenant or (clientId null) for all. */
export async function purgeRetention(
  db: Kysely<DB>,
  clientId: string | null,
  policy: RetentionPolicy,
  now: Date,
): Promise<RetentionResult> {
  const tenant = clientId === null ? sql`true` : sql`client_id = ${clientId}`;
  const ended = (days: number) => sql`(select id from campaign_contacts
     where ${tenant} and exited_at is not null and exited_at < ${new Date(now.getTime() - days * DAY)})`;
  const itemsOf = (days: number) =>
    sql`(select id from sales_send_queue where ${tenant} and enrollment_id in ${ended(days)})`;
  const out: RetentionResult = {
    replies: 0,
    drafts: 0,
    message_bodies: 0,
    rep_task_bodies: 0,
    signals: 0,
    visitor_events: 0,
    archived_plays: 0,
  };
  await db.transaction().execute(async (tx) => {
    if (policy.replyDays > 0) {
      const r = await sql`update campaign_replies set body = ${PURGED}
         where ${tenant} and body <> ${PURGED}
           and (enrollment_id in ${ended(policy.replyDays)}
                or (enrollment_id is null and received_at < ${new Date(now.getTime() - policy.replyDays * DAY)}))`.execute(
        tx,
      );
      out.replies = Number(r.numAffectedRows ?? 0);
    }
    if (policy.draftDays > 0) {
      const r =
        await sql`update staged_drafts set subject = null, body = ${PURGED}, original_body = null, context = '{}'::jsonb
         where ${tenant} and body <> ${PURGED} and status <> 'pending'
           and (send_item_id in ${itemsOf(policy.draftDays)}
                or id in (select staged_draft_id from sales_send_queue where staged_draft_id is not null
                             and id in ${itemsOf(policy.draftDays)}))`.execute(tx);
      out.drafts = Number(r.numAffectedRows ?? 0);
    }
    if (policy.bodyDays > 0) {
      const keys = sql`(select idempotency_key from sales_send_queue where ${tenant} and enrollment_id in ${ended(policy.bodyDays)})`;
      const r = await sql`update dev_email_outbox set body = ${PURGED}, headers = '{}'::jsonb
         where ${tenant} and body <> ${PURGED} and idempotency_key in ${keys}`.execute(tx);
      out.message_bodies = Number(r.numAffectedRows ?? 0);
      const t = await sql`update engine_rep_tasks set body = ${PURGED}
         where ${tenant} and body <> ${PURGED} and status <> 'open'
           and (send_item_id in ${itemsOf(policy.bodyDays)}
                or (kind = 'signal_follow_up' and done_at < ${new Date(now.getTime() - policy.bodyDays * DAY)}))`.execute(
        tx,
      );
      out.rep_task_bodies = Number(t.numAffectedRows ?? 0);
    }
    if (policy.signalDays > 0) {
      const r = await sql`delete from signals
         where ${tenant} and occurred_at < ${new Date(now.getTime() - policy.signalDays * DAY)}`.execute(tx);
      out.signals = Number(r.numAffectedRows ?? 0);
    }
    const v = await sql`delete from signal_visitor_events
       where ${tenant} and received_at < ${new Date(now.getTime() - VISITOR_HOLD_DAYS * DAY)}`.execute(tx);
    out.visitor_events = Number(v.numAffectedRows ?? 0);
  });
  if (policy.playYears > 0) {
    const cutoff = new Date(now);
    cutoff.setUTCFullYear(cutoff.getUTCFullYear() - policy.playYears);
    // the archive's one exception holds only inside the owner's function (0200, issue 36 item 1);
    // called in a transaction block: Citus forwards the function's SET LOCAL switch to the shards
    // only inside one (docs/scaling.md)
    const r = await db
      .transaction()
      .execute((tx) =>
        sql<{ n: number }>`select baton_purge_archived_plays(${clientId}, ${cutoff}) as n`.execute(tx),
      );
    out.archived_plays = Number(r.rows[0].n);
  }
  return out;
}

/** The scheduled job's pass (src/runtime/background.ts): every tenant, logged when anything went. */
export async function retentionPass(
  deps: { db: Kysely<DB>; config: { retention: RetentionPolicy; logLevel: string } },
  now: Date,
): Promise<RetentionResult> {
  const r = await purgeRetention(deps.db, null, deps.config.retention, now);
  if (deps.config.logLevel !== "silent" && Object.values(r).some((n) => n > 0))
    console.log(`[retention] purged ${JSON.stringify(r)}`);
  return r;
}
