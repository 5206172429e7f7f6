// spec 001 gate 5: state transition validation. Reason codes (event resolution column; not a
// suppressed_reason, the spec lists only gates 1-4 there):
//   activation: already_enrolled, campaign_not_active, campaign_has_no_steps, illegal_transition,
//               sequence_finished (re-request of a terminated enrollment)
//   step:       sequence_finished, enrollment_paused, not_activated
//   send:       sequence_finished, enrollment_paused, not_activated, send_item_not_pending
// A paused enrollment with a stored hold reason (issue 56: reply_pending_triage, reply_later,
// reply_policy) is refused with that reason instead of enrollment_paused, so the event log and the
// timeline say why nothing went.
import type { EnrollmentStatus } from "../../db/core-tables.ts";
import { canTransition, isLive } from "./enrollment-states.ts";
import { assertNever } from "./sides.ts";
import { type GateOutcome, type GateSnapshot, pass } from "./types.ts";

const block = (reason: string, from: string, to: string): GateOutcome => ({
  gate: 5,
  outcome: "block",
  reason,
  until: null,
  resolution: `${from}->${to}`,
});

/** Why an enrollment in this status cannot take its next step (null: it can). */
function stepRefusal(status: EnrollmentStatus, holdReason?: string | null): string | null {
  if (status === "active") return null;
  if (status === "paused") return holdReason || "enrollment_paused";
  if (status === "queued") return "not_activated";
  return "sequence_finished";
}

export function transitionGate(s: GateSnapshot): GateOutcome {
  const t = s.transition;
  switch (t.kind) {
    case "activation": {
      const from = t.existingStatus;
      if (from !== null && !isLive(from)) return block("sequence_finished", from, "active");
      // only a new or a queued enrollment is activated; a paused one resumes through the engine
      if ((from !== null && from !== "queued") || !canTransition(from, "active")) {
        return block("illegal_transition", from ?? "none", "active");
      }
      if (from === null && t.alreadyEnrolled) return block("already_enrolled", "active", "active");
      if (t.campaignStatus !== "active") return block("campaign_not_active", from ?? "none", "active");
      if (t.stepCount < 1) return block("campaign_has_no_steps", from ?? "none", "active");
      return pass(5, { resolution: `${from ?? "none"}->active` });
    }
    case "step": {
      const refusal = stepRefusal(t.status, t.holdReason);
      if (refusal) return block(refusal, t.status, "active");
      if (t.currentStep > t.stepCount) return block("sequence_finished", `step ${t.currentStep}`, "step");
      return pass(5, { resolution: `step ${t.currentStep}/${t.stepCount}` });
    }
    case "send": {
      const refusal = stepRefusal(t.status, t.holdReason);
      if (refusal) return block(refusal, t.status, "send");
      if (t.itemStatus === "sent" || t.itemStatus === "cancelled" || t.itemStatus === "failed") {
        return block("send_item_not_pending", t.itemStatus, "sent");
      }
      return pass(5, { resolution: `${t.itemStatus}->sent` });
    }
    default:
      return assertNever(t);
  }
}
