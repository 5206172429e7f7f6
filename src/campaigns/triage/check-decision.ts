// The checks a triage decision passes before anything is written (decide-reply.ts, decide-replies.ts),
// twice: on the reply's snapshot to fail fast, then again inside the decision's transaction on the
// locked reply row (lockReplies reads it, after the contact's and its enrollments' locks):
// - a reply no longer pending is refused: REPLY_ALREADY_DECIDED (409) for the second of two deciders,
//   REPLY_NOT_IN_TRIAGE for one never in triage;
// - an agent's decision it may not take is refused (REPLY_DECISION_FORBIDDEN): an agent resumes
//   nothing a possible stop held (issue 73 item 3);
// - what the decision needs of the locked reply (a live answered enrollment, a date for later).
// No statement here writes.
import type { Kysely } from "kysely";
import { describePrincipal, type Principal } from "../../auth/principal.ts";
import type { DB } from "../../db/database.ts";
import { BatonError } from "../../errors/baton-error.ts";
import type { LiveEnrollment } from "../reply-lookups.ts";
import type { HeldEnrollment } from "./hold-on-reply.ts";
import type { TriageReplyDetail } from "./read-triage.ts";
import { agentRefusal, type DecideInput, invalidDecision as invalid } from "./triage-decisions.ts";

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
