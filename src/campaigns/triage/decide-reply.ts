// A decision on a reply in the triage queue (issue 56 item 2), in one transaction under the
// contact's lock (the coordinator's lock order: the contact, then its enrollments, then the reply):
//   continue     resume what the reply held (unless another pending reply of the contact holds it)
//   exit         end the answered enrollment with the reason given (a positive one runs on_exit)
//   opt_out      the coordinator's opt-out (every live sequence ends, unsent steps cancelled)
//   later        pause the answered enrollment until the date (the classifier's, or the one given)
//   referral     open a contact at the same account from the named person and propose it to the
//                exec (a hand-off: nothing is sent before the exec routes it); the replier's
//                enrollment exits (disqualified, no follow-on) or stays held
//   handoff      end the answered enrollment (meeting) into a hand-off to the exec
//   not_a_reply  automatic mail the inbox missed: resume, as continue
// Other enrollments the reply held (a stop signal holds them all) resume with every decision but
// opt_out. Race-safe: the reply row is locked and marked decided only while pending; the second of
// two deciders gets REPLY_ALREADY_DECIDED (409). The same principal sending the same decision again
// gets the stored outcome (idempotent). Every decision is kept with the reply (the labelled
// example) and logged (reply_decided) with the enrollment's lineage; a person's decision on a sure
// reading counts toward its automation class (automation-classes.ts, issue 72 item 1).
import { type Kysely, sql } from "kysely";
import { describePrincipal, type Principal } from "../../auth/principal.ts";
import { retryOnLockConflict } from "../../coordinator/index.ts";
import { setActor } from "../../db/actor-context.ts";
import type { DB } from "../../db/database.ts";
import { BatonError } from "../../errors/baton-error.ts";
import { rethrowDb } from "../../errors/map-db-error.ts";
import { type ExitResult, exitContact, markHandoffReplies } from "../exit-contact.ts";
import { assertNever } from "../exit-reasons.ts";
import { logCampaignEvents } from "../log-event.ts";
import { campaignPorts } from "../ports.ts";
import { type LiveEnrollment, lockLiveEnrollments } from "../reply-lookups.ts";
import { writePause } from "../write-enrollment-pause.ts";
import { countTriageDecisions } from "./automation-classes.ts";
import type { HeldEnrollment } from "./hold-on-reply.ts";
import { openReferral } from "./open-referral.ts";
import { getTriageReply, type TriageReplyDetail } from "./read-triage.ts";
import { resumeHeld } from "./resume-held.ts";
import {
  agentRefusal,
  type DecideInput,
  decisionProblems,
  impliedIntent,
  invalidDecision as invalid,
  type TriageDecisionKind,
} from "./triage-decisions.ts";
import { requireTriager } from "./triage-roles.ts";

export interface DecisionEffects {
  resumed: string[];
  exit: ExitResult | null;
  opted_out: boolean;
  paused_until: string | null;
  referral: { contact_id: string; created: boolean; handoff_id: string } | null;
  handoff_id: string | null;
}

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

/** A reply no longer pending is refused: decided already (REPLY_ALREADY_DECIDED), or never in triage. */
export function refuseUnlessPending(r: {
  reply_id: string;
  status: string;
  action: string;
  decision: TriageReplyDetail["decision"];
}) {
  if (r.status === "auto")
    throw new BatonError("REPLY_NOT_IN_TRIAGE", { reply_id: r.reply_id, action: r.action });
  if (r.status !== "pending")
    throw new BatonError("REPLY_ALREADY_DECIDED", {
      reply_id: r.reply_id,
      decision: r.decision?.decision,
      decided_by: r.decision?.decided_by?.name ?? r.decision?.decided_by?.principal_id,
      decided_at: r.decision?.decided_at,
    });
}

export function refuseAgent(actor: Principal, r: TriageReplyDetail, input: DecideInput) {
  const why = agentRefusal(actor, r, input.decision, input.exitReason);
  if (why)
    throw new BatonError("REPLY_DECISION_FORBIDDEN", {
      principal: describePrincipal(actor),
      action: `decide ${input.decision}${input.exitReason ? ` (${input.exitReason})` : ""}`,
      why,
    });
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

/** The reply rows a decision reads under lock (after their contacts' and enrollments'), in id order. */
export function lockReplies(tx: Kysely<DB>, clientId: string, replyIds: readonly string[]) {
  return tx
    .selectFrom("campaign_replies")
    .select([
      "id",
      "triage",
      "held",
      "enrollment_id",
      "decision",
      "decided_by_principal_id",
      "decided_at",
      "sure",
    ])
    .where("client_id", "=", clientId)
    .where("id", "in", replyIds)
    .orderBy("id")
    .forUpdate()
    .execute();
}

export type LockedReply = Awaited<ReturnType<typeof lockReplies>>[number];

/** A locked reply no longer pending is refused as its snapshot would be (someone decided it meanwhile). */
export function refuseUnlessPendingLocked(row: LockedReply, snap: TriageReplyDetail) {
  if (row.triage !== "pending")
    refuseUnlessPending({
      reply_id: row.id,
      status: row.triage,
      action: snap.action,
      decision: {
        decision: row.decision ?? "?",
        intent: null,
        details: {},
        decided_by: row.decided_by_principal_id
          ? { principal_id: row.decided_by_principal_id, name: null }
          : null,
        decided_at: row.decided_at ? new Date(row.decided_at).toISOString() : "?",
      },
    });
}

/**
 * Gate stage, no statements: the agent's refusal again on the locked row (the snapshot's may be
 * stale): an agent resumes nothing a possible stop held (issue 73 item 3).
 */
export function refuseAgentOnLocked(
  actor: Principal,
  snap: TriageReplyDetail,
  input: DecideInput,
  row: LockedReply,
  held: HeldEnrollment[],
  live: LiveEnrollment[],
) {
  const why = agentRefusal(
    actor,
    {
      reading: snap.reading,
      enrollment_id: row.enrollment_id,
      held_enrollment_ids: held.map((h) => h.enrollment_id),
      live_enrollment_ids: live.map((e) => e.id),
    },
    input.decision,
    input.exitReason,
  );
  if (why)
    throw new BatonError("REPLY_DECISION_FORBIDDEN", {
      principal: describePrincipal(actor),
      action: `decide ${input.decision}${input.exitReason ? ` (${input.exitReason})` : ""}`,
      why,
    });
}

/** The notes an exit of a decision carries: the person's, else the decision's name. */
export function decisionNotes(input: Omit<DecideInput, "replyId">): string {
  return input.notes ?? `reply triage (${input.decision})`;
}

/** A decision's effects before it applies: nothing yet. */
export function noEffects(): DecisionEffects {
  return { resumed: [], exit: null, opted_out: false, paused_until: null, referral: null, handoff_id: null };
}

/**
 * Check stage, no statements: what the decision needs of the locked reply (a live answered
 * enrollment, a date for later), refused before anything is written. Returns later's date.
 */
export function checkDecision(
  snap: TriageReplyDetail,
  input: DecideInput,
  row: LockedReply,
  target: LiveEnrollment | null,
  now: Date,
): { until: Date | null } {
  const noTarget = () => invalid("/decision", "the reply answers no live enrollment");
  switch (input.decision) {
    case "exit":
    case "handoff":
      if (!target) throw noTarget();
      return { until: null };
    case "later": {
      const until = input.until ?? (snap.reading.return_date ? new Date(snap.reading.return_date) : null);
      if (!until) throw invalid("/until", "the reply gives no date: choose one");
      if (until.getTime() <= now.getTime()) throw invalid("/until", "a date in the future");
      if (!target) throw noTarget();
      return { until };
    }
    case "referral":
      if (!row.enrollment_id) throw invalid("/decision", "the reply answers no enrollment to refer from");
      return { until: null };
    default:
      return { until: null };
  }
}

/** Later's pause of the answered enrollment until the date, and its event. */
export function laterPause(actor: Principal, snap: TriageReplyDetail, e: LiveEnrollment, until: Date) {
  return {
    e,
    pause: { until, holdReason: "reply_later" as const },
    event: {
      actorPrincipalId: actor.principalId,
      resolution: "reply_later",
      details: { reply_id: snap.reply_id, paused_until: until.toISOString() },
    },
  };
}

/**
 * Apply stage: the decision's own effect on the answered enrollment (resume, exit, opt-out,
 * pause, referral, hand-off), then the other held enrollments resume (all but opt_out).
 */
export async function applyDecision(
  tx: Kysely<DB>,
  actor: Principal,
  snap: TriageReplyDetail,
  input: DecideInput,
  row: LockedReply,
  held: HeldEnrollment[],
  target: LiveEnrollment | null,
  now: Date,
): Promise<DecisionEffects> {
  const clientId = actor.clientId;
  const contactId = snap.contact.contact_id;
  const effects = noEffects();
  const { until } = checkDecision(snap, input, row, target, now);
  const needTarget = () => target!;
  const notes = decisionNotes(input);
  const d = input.decision;
  switch (d) {
    case "continue":
    case "not_a_reply":
      effects.resumed = await resumeHeld(tx, actor, snap.reply_id, contactId, held, [], now);
      break;
    case "exit": {
      effects.exit = await exitContact(
        tx,
        { clientId, enrollmentId: needTarget().id, reason: input.exitReason!, actor, notes },
        now,
      );
      effects.resumed = await resumeHeld(tx, actor, snap.reply_id, contactId, held, [target!.id], now);
      break;
    }
    case "opt_out":
      await (await campaignPorts()).optOut(
        tx,
        actor,
        { clientId, contactId, flag: "unsubscribe", source: "reply_triage" },
        now,
      );
      effects.opted_out = true;
      break;
    case "later": {
      const t = needTarget();
      const p = laterPause(actor, snap, t, until!);
      await writePause(tx, clientId, t, p.pause, p.event, now);
      effects.paused_until = until!.toISOString();
      effects.resumed = await resumeHeld(tx, actor, snap.reply_id, contactId, held, [t.id], now);
      break;
    }
    case "referral": {
      effects.referral = await openReferral(tx, actor, snap, input, row.enrollment_id!, now);
      if ((input.replier ?? "exit") === "exit" && target)
        effects.exit = await exitContact(
          tx,
          { clientId, enrollmentId: target.id, reason: "disqualified", actor, notes, target: null },
          now,
        );
      effects.resumed = await resumeHeld(
        tx,
        actor,
        snap.reply_id,
        contactId,
        held,
        target ? [target.id] : [],
        now,
      );
      break;
    }
    case "handoff": {
      effects.exit = await exitContact(
        tx,
        {
          clientId,
          enrollmentId: needTarget().id,
          reason: "meeting",
          actor,
          notes,
          target: { gate: "exec" },
        },
        now,
      );
      effects.handoff_id = effects.exit.next.kind === "handoff" ? effects.exit.next.handoff_id : null;
      effects.resumed = await resumeHeld(tx, actor, snap.reply_id, contactId, held, [target!.id], now);
      break;
    }
    default:
      assertNever(d);
  }
  return effects;
}

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
