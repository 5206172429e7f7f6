// spec 002 exit_contact and on_exit: the reasons an enrollment ends, the status each one leaves,
// and the three kinds of on_exit target (a campaign slug, null, or a human gate).
import type { EnrollmentStatus } from "../db/core-tables.ts";

/**
 * converted / no_engagement / rejected are the spec's on_exit keys; meeting and registered are used
 * by its chains (BDR campaigns: "meeting → Justin gates", b2bea_world "registered → null");
 * disqualified lets a BDR close out a wrong persona without calling it a rejection.
 * meeting_booked: a scheduling tool (Calendly, Cal.com) reported a booking (issue 41); the
 * enrollment converts, and a campaign that names no meeting_booked target follows its meeting
 * (else converted) target.
 */
export const EXIT_REASONS = [
  "converted",
  "no_engagement",
  "rejected",
  "meeting",
  "registered",
  "disqualified",
  "meeting_booked",
  // issue 69 item 3: a job change (the CRM or an import moved the person to another company)
  "left_company",
] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

export function isExitReason(x: unknown): x is ExitReason {
  return typeof x === "string" && (EXIT_REASONS as readonly string[]).includes(x);
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value ${JSON.stringify(x)}`);
}

/** spec 002 campaign_contacts.status: active | converted | rejected | timed_out; "exited" for the rest. */
export function statusForExit(reason: ExitReason): EnrollmentStatus {
  switch (reason) {
    case "converted":
    case "meeting_booked":
      return "converted";
    case "rejected":
      return "rejected";
    case "no_engagement":
      return "timed_out";
    case "meeting":
    case "registered":
    case "disqualified":
    case "left_company":
      return "exited";
    default:
      return assertNever(reason);
  }
}

/** CRM deal outcome on exit (spec 002 "close deal on exit_contact (won or lost)"). */
export function dealOutcomeForExit(reason: ExitReason): "won" | "lost" {
  return reason === "converted" ||
    reason === "meeting" ||
    reason === "registered" ||
    reason === "meeting_booked"
    ? "won"
    : "lost";
}

/** Enrollment states that still hold the contact's place in a campaign (the partial unique index). */
export const LIVE_STATUSES = ["queued", "active", "paused"] as const satisfies readonly EnrollmentStatus[];

export const GATE_ROLES = ["exec"] as const;
export type GateRole = (typeof GATE_ROLES)[number];

export type OnExitTarget = string | null | { gate: GateRole };
export type OnExitMap = Partial<Record<ExitReason, OnExitTarget>>;

export function isGateTarget(t: unknown): t is { gate: GateRole } {
  return (
    typeof t === "object" &&
    t !== null &&
    !Array.isArray(t) &&
    Object.keys(t).length === 1 &&
    (GATE_ROLES as readonly string[]).includes((t as { gate?: unknown }).gate as string)
  );
}

/**
 * Which exit a positive reply means for this campaign (spec 002: interested or meeting →
 * converted; the spec's BDR chains exit on `meeting` into the exec hand-off). The first key the
 * campaign's on_exit names wins; a campaign that names neither exits `converted`.
 */
export function positiveExitReason(intent: "interested" | "meeting", onExit: OnExitMap): ExitReason {
  const order: ExitReason[] = intent === "meeting" ? ["meeting", "converted"] : ["converted", "meeting"];
  return order.find((r) => Object.hasOwn(onExit, r)) ?? "converted";
}
