// The record stage of a triage decision (decide-reply.ts, decide-replies.ts), last in the decision's
// transaction: every decision is kept with the reply (the labelled example), marked decided only
// while pending (the second of two deciders gets REPLY_ALREADY_DECIDED), and logged (reply_decided)
// with the enrollment's lineage; a person's decision on a sure reading counts toward its automation
// class (count-triage-decisions.ts, issue 72 item 1).
import { type Kysely, sql } from "kysely";
import type { Principal } from "../../auth/principal.ts";
import type { DB } from "../../db/database.ts";
import { BatonError } from "../../errors/baton-error.ts";
import { markHandoffReplies } from "../exit-contact.ts";
import { logCampaignEvents } from "../log-event.ts";
import type { LiveEnrollment } from "../reply-lookups.ts";
import type { DecisionEffects } from "./apply-decision.ts";
import type { LockedReply } from "./check-decision.ts";
import { countTriageDecisions } from "./count-triage-decisions.ts";
import type { TriageReplyDetail } from "./read-triage.ts";
import { type DecideInput, impliedIntent } from "./triage-decisions.ts";

/** One decided reply as the record stage writes it: its snapshot, locked row, answered enrollment, effects. */
export interface Decided {
  snap: TriageReplyDetail;
  row: LockedReply;
  target: LiveEnrollment | null;
  effects: DecisionEffects;
}

/**
 * Record stage, for one reply or a bulk decision's (in their order): each reply is marked decided
 * (only while pending: the second decider is refused), with the labelled example counted toward its
 * automation class in order (a disagreement closes the class for the ones after) and the decision
 * logged with the enrollment's lineage; one statement each for the replies, the lineages and the events.
 */
export async function recordDecisions(
  tx: Kysely<DB>,
  actor: Principal,
  input: Omit<DecideInput, "replyId">,
  ds: readonly Decided[],
  now: Date,
): Promise<void> {
  const clientId = actor.clientId;
  const d = input.decision;
  await markHandoffReplies(
    tx,
    clientId,
    ds.map((x) => ({ exit: x.effects.exit, replyId: x.snap.reply_id })),
  );
  const intent = impliedIntent(d, input.exitReason);
  const details = ds.map((x) => ({
    exit_reason: input.exitReason ?? null,
    until: x.effects.paused_until,
    referral: x.effects.referral,
    replier: d === "referral" ? (input.replier ?? "exit") : null,
    notes: input.notes ?? null,
    effects: x.effects,
  }));
  const byId = Object.fromEntries(ds.map((x, k) => [x.snap.reply_id, details[k]]));
  const marked = await tx
    .updateTable("campaign_replies")
    .set({
      triage: "decided",
      decision: d,
      decided_intent: intent,
      decision_details: sql`${JSON.stringify(byId)}::jsonb -> ${sql.ref("id")}::text`,
      decided_by_principal_id: actor.principalId,
      decided_at: now,
    })
    .where("client_id", "=", clientId)
    .where("id", "in", Object.keys(byId))
    .where("triage", "=", "pending")
    .returning("id")
    .execute();
  const missed = ds.find((x) => !marked.some((m) => m.id === x.snap.reply_id));
  if (missed) throw new BatonError("REPLY_ALREADY_DECIDED", { reply_id: missed.snap.reply_id });
  // the labelled examples count toward their classes' automation (issue 72 item 1), in this transaction
  const automation = await countTriageDecisions(
    tx,
    actor,
    ds.map((x) => ({
      reading: {
        reply_id: x.snap.reply_id,
        intent: x.snap.reading.intent,
        confidence: x.snap.reading.confidence,
        language: x.snap.reading.language,
        sure: x.row.sure,
      },
      decision: { decision: d, intent },
    })),
    now,
  );
  const lineages = await lineagesOf(tx, clientId, ds);
  await logCampaignEvents(
    tx,
    ds.map((x, k) => ({
      type: "reply_decided",
      clientId,
      contactId: x.snap.contact.contact_id,
      enrollment: lineages[k],
      actorPrincipalId: actor.principalId,
      resolution: d,
      details: {
        reply_id: x.snap.reply_id,
        decision: d,
        intent,
        classifier: {
          intent: x.snap.reading.intent,
          confidence: x.snap.reading.confidence,
          by: x.snap.reading.by,
        },
        agreed: intent === x.snap.reading.intent,
        language: x.snap.reading.language,
        automation: automation[k],
        ...details[k],
      },
    })),
    now,
  );
}

/** The enrollment whose lineage each decision is logged with: the answered live one, else the reply's. */
async function lineagesOf(
  tx: Kysely<DB>,
  clientId: string,
  ds: readonly Decided[],
): Promise<(LiveEnrollment | null)[]> {
  const ids = [
    ...new Set(ds.filter((x) => !x.target && x.row.enrollment_id).map((x) => x.row.enrollment_id!)),
  ];
  const rows = ids.length
    ? ((await tx
        .selectFrom("campaign_contacts")
        .selectAll()
        .where("client_id", "=", clientId)
        .where("id", "in", ids)
        .execute()) as LiveEnrollment[])
    : [];
  return ds.map((x) => x.target ?? rows.find((e) => e.id === x.row.enrollment_id) ?? null);
}
