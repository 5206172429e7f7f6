// The decisions a person (or an agent allowed to) takes on a reply in triage (issue 56 item 2), the
// intent each implies for the labelled example, and what an agent may not decide. Pure.
import { describePrincipal, type Principal } from "../../auth/principal.ts";
import type { HoldReason } from "../../db/core-tables.ts";
import { BatonError } from "../../errors/baton-error.ts";
import type { ReplyIntent } from "../../replies/index.ts";
import { assertNever, EXIT_REASONS, type ExitReason } from "../exit-reasons.ts";

export const TRIAGE_DECISIONS = [
  "continue",
  "exit",
  "opt_out",
  "later",
  "referral",
  "handoff",
  "not_a_reply",
] as const;
export type TriageDecisionKind = (typeof TRIAGE_DECISIONS)[number];

/** The exits that run on_exit as a success (they may enroll the person elsewhere). */
export const POSITIVE_EXITS: readonly ExitReason[] = ["converted", "meeting", "registered", "meeting_booked"];

export interface DecideInput {
  replyId: string;
  decision: TriageDecisionKind;
  /** exit: one of EXIT_REASONS */
  exitReason?: string;
  /** later: when to try again (default: the date the classifier read) */
  until?: Date;
  /** referral: the person named (default: whom the classifier read) */
  referral?: { name?: string | null; email?: string | null };
  /** referral: what happens to the replier's own enrollment (default: exit, disqualified) */
  replier?: "exit" | "hold";
  notes?: string;
}

/** The intent a decision says the reply had (the labelled example's label). */
export function impliedIntent(decision: TriageDecisionKind, exitReason?: string | null): ReplyIntent | null {
  switch (decision) {
    case "continue":
      return "other";
    case "opt_out":
      return "unsubscribe";
    case "later":
      return "later";
    case "referral":
      return "referral";
    case "handoff":
      return "interested";
    case "not_a_reply":
      return "out_of_office"; // automatic mail the inbox missed: the auto-reply's intent
    case "exit":
      switch (exitReason as ExitReason) {
        case "converted":
        case "registered":
          return "interested";
        case "meeting":
        case "meeting_booked":
          return "meeting";
        case "rejected":
        case "disqualified":
          return "not_interested";
        case "no_engagement":
          return "other";
        default:
          return null;
      }
    default:
      return assertNever(decision);
  }
}

/** Why an agent may not take this decision on this reply (null: it may). docs/agents.md. */
export function agentRefusal(
  actor: Principal,
  reply: {
    reading: { intent: string; stop_signal: boolean };
    enrollment_id?: string | null;
    held_enrollment_ids?: readonly string[];
    /** the contact's live enrollments, read under its lock (a queued one goes once the answered one ends) */
    live_enrollment_ids?: readonly string[];
  },
  decision: TriageDecisionKind,
  exitReason?: string | null,
): string | null {
  if (actor.kind !== "agent") return null;
  if (decision === "exit" && exitReason && (POSITIVE_EXITS as readonly string[]).includes(exitReason))
    return "a positive exit runs on_exit (it may enroll the person elsewhere): a person's call";
  const mayStop = reply.reading.stop_signal || reply.reading.intent === "unsubscribe";
  if (mayStop && (decision === "continue" || decision === "not_a_reply" || decision === "later"))
    return "the reply may ask to stop: only a person resumes touches after it";
  // issue 73 item 3: every decision but opt_out resumes the contact's other enrollments the stop
  // held (exit, referral, handoff included), and an exit of the answered one lets a queued one of
  // the contact go; they stay held until a person decides
  const others = heldOthers(
    [...new Set([...(reply.held_enrollment_ids ?? []), ...(reply.live_enrollment_ids ?? [])])],
    reply.enrollment_id ?? null,
  );
  if (mayStop && decision !== "opt_out" && others.length > 0)
    return `the reply may ask to stop and the contact has ${others.length} other enrollment(s) it holds or that would go after it: only a person lets them go on`;
  return null;
}

/** The holds by which a reply keeps an enrollment for a person: the triage queue's and the inbound review's. */
export const REPLY_HOLDS: readonly HoldReason[] = ["reply_pending_triage", "reply_pending_review"];

/**
 * Issue 73 item 3: an enrollment a reply holds for a person is not resumed, nor ended with a positive
 * exit (on_exit may enroll the person elsewhere), by an agent's hand: the reply may ask to stop, and
 * its decision (decide_reply, where an agent may take only what keeps a person in charge) or a person
 * releases it. `e` is the enrollment read under its lock.
 */
export function refuseAgentOnReplyHold(
  actor: Principal,
  e: { id: string; status: string; hold_reason: string | null },
  action: "resume" | { exit: string },
): void {
  if (actor.kind !== "agent" || e.status !== "paused") return;
  if (!(REPLY_HOLDS as readonly (string | null)[]).includes(e.hold_reason)) return;
  if (typeof action === "object" && !(POSITIVE_EXITS as readonly string[]).includes(action.exit)) return;
  throw new BatonError("ENROLLMENT_HELD_FOR_PERSON", {
    principal: describePrincipal(actor),
    action: action === "resume" ? "resume" : `exit (${action.exit})`,
    enrollment_id: e.id,
    hold_reason: e.hold_reason,
  });
}

/** The enrollments a reply held besides the one it answers (what a decision other than opt_out resumes). */
export function heldOthers(held: readonly string[], answered: string | null): string[] {
  return held.filter((id) => id !== answered);
}

/** The input problems of a decision (nothing read from the database). */
export function decisionProblems(d: DecideInput, now: Date): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (!(TRIAGE_DECISIONS as readonly string[]).includes(d.decision))
    out.push({ path: "/decision", message: `one of ${TRIAGE_DECISIONS.join(", ")}` });
  if (d.decision === "exit" && !(EXIT_REASONS as readonly string[]).includes(d.exitReason ?? ""))
    out.push({ path: "/exit_reason", message: `exit takes a reason: ${EXIT_REASONS.join(", ")}` });
  if (d.decision !== "exit" && d.exitReason !== undefined)
    out.push({ path: "/exit_reason", message: "goes with exit only" });
  if (d.until && d.until.getTime() <= now.getTime())
    out.push({ path: "/until", message: "a date in the future" });
  if (d.until && d.decision !== "later") out.push({ path: "/until", message: "goes with later only" });
  if (
    d.referral?.email !== undefined &&
    d.referral.email !== null &&
    !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(d.referral.email)
  )
    out.push({ path: "/referral/email", message: "an email address" });
  return out;
}

/** A decision the reply cannot take as given (REPLY_DECISION_INVALID), naming the field. */
export const invalidDecision = (path: string, message: string) =>
  new BatonError("REPLY_DECISION_INVALID", { problems: [{ path, message }] });
