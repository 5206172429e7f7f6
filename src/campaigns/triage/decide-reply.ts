// A decision on a reply in the triage queue (issue 56 item 2), in one transaction under the
// contact's lock (the coordinator's lock order: the contact, then its enrollments, then the reply).
// Race-safe: the reply row is locked and marked decided only while pending; the second of two
// deciders gets REPLY_ALREADY_DECIDED (409). The same principal sending the same decision again
// gets the stored outcome (idempotent). This file holds the single path, decideReply, and its
// transaction (decideReplies, decide-replies.ts, calls it for each id and shares its stages); the
// stages, one a file:
// - check-decision.ts: the checks, on the snapshot and again on the locked reply row (a reply still
//   pending, what an agent may decide, what the decision needs);
// - apply-decision.ts: what each decision does (continue, exit, opt_out, later, referral, handoff,
//   not_a_reply) to the answered enrollment, and the other held enrollments resumed;
// - record-decisions.ts: every decision kept with the reply (the labelled example) and logged
//   (reply_decided) with the enrollment's lineage; a person's decision on a sure reading counts
//   toward its automation class (count-triage-decisions.ts, issue 72 item 1).
import type { Kysely } from "kysely";
import type { Principal } from "../../auth/principal.ts";
import { retryOnLockConflict } from "../../coordinator/index.ts";
import { setActor } from "../../db/actor-context.ts";
import type { DB } from "../../db/database.ts";
import { BatonError } from "../../errors/baton-error.ts";
import { rethrowDb } from "../../errors/map-db-error.ts";
import { lockLiveEnrollments } from "../reply-lookups.ts";
import { applyDecision, type DecisionEffects } from "./apply-decision.ts";
import {
  lockReplies,
  refuseAgent,
  refuseAgentOnLocked,
  refuseUnlessPending,
  refuseUnlessPendingLocked,
} from "./check-decision.ts";
import type { HeldEnrollment } from "./hold-on-reply.ts";
import { getTriageReply, type TriageReplyDetail } from "./read-triage.ts";
import { recordDecisions } from "./record-decisions.ts";
import { type DecideInput, decisionProblems, type TriageDecisionKind } from "./triage-decisions.ts";
import { requireTriager } from "./triage-roles.ts";

export interface DecideResult {
  reply: TriageReplyDetail;
  effects: DecisionEffects;
}

/** One decision (the single path; decideReplies calls it for each id). */
export async function decideReply(
  db: Kysely<DB>,
  actor: Principal,
  input: DecideInput,
  now: Date,
): Promise<DecideResult> {
  requireTriager(actor, "decide replies in triage");
  const problems = decisionProblems(input, now);
  if (problems.length) throw new BatonError("REPLY_DECISION_INVALID", { problems });
  // check first on a snapshot (visibility, status), then again on the locked row
  const snap = await getTriageReply(db, actor, input.replyId, false);
  const again = repeated(actor, snap, input.decision);
  if (again) return { reply: snap, effects: again };
  refuseUnlessPending(snap);
  refuseAgent(actor, snap, input);
  let effects: DecisionEffects;
  const run = async (tx: Kysely<DB>) => {
    await setActor(tx, actor, now);
    return decideWithin(tx, actor, snap, input, now);
  };
  try {
    // inside a caller's transaction (an agent's approved request, src/agents/approvals) it joins it
    effects = db.isTransaction
      ? await run(db)
      : await retryOnLockConflict(() => db.transaction().execute(run));
  } catch (e) {
    rethrowDb(e);
  }
  return { reply: await getTriageReply(db, actor, input.replyId), effects };
}

/** The stored effects when this principal already took this very decision (an idempotent repeat). */
export function repeated(
  actor: Principal,
  r: TriageReplyDetail,
  decision: TriageDecisionKind,
): DecisionEffects | null {
  const d = r.decision;
  if (r.status !== "decided" || !d || d.decision !== decision) return null;
  if (d.decided_by?.principal_id !== actor.principalId) return null;
  return (d.details.effects as DecisionEffects) ?? null;
}

/**
 * The decision inside its transaction, in four stages (lock, gate, apply, record) so each reads
 * on its own; the statements and their order are the ones of the single function they were.
 */
async function decideWithin(
  tx: Kysely<DB>,
  actor: Principal,
  snap: TriageReplyDetail,
  input: DecideInput,
  now: Date,
): Promise<DecisionEffects> {
  const clientId = actor.clientId;
  const contactId = snap.contact.contact_id;
  const { live, row } = await lockReply(tx, clientId, contactId, snap);
  const held = (row.held ?? []) as HeldEnrollment[];
  const target = live.find((e) => e.id === row.enrollment_id) ?? null;
  refuseAgentOnLocked(actor, snap, input, row, held, live);
  const effects = await applyDecision(tx, actor, snap, input, row, held, target, now);
  await recordDecisions(tx, actor, input, [{ snap, row, target, effects }], now);
  return effects;
}

/**
 * Lock stage, in the coordinator's lock order: the contact's live enrollments, then the reply row;
 * a reply no longer pending on the locked row is refused as on the snapshot (a second decider).
 */
async function lockReply(tx: Kysely<DB>, clientId: string, contactId: string, snap: TriageReplyDetail) {
  const lives = await lockLiveEnrollments(tx, clientId, [contactId]);
  const live = lives.get(contactId) ?? [];
  const [row] = await lockReplies(tx, clientId, [snap.reply_id]);
  if (!row) throw new Error(`reply ${snap.reply_id} vanished under its contact's lock`);
  refuseUnlessPendingLocked(row, snap);
  return { live, row };
}
