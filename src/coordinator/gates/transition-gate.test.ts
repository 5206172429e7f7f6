import { describe, expect, it } from "vitest";
import type { EnrollmentStatus } from "../../db/core-tables.ts";
import { canTransition, ENROLLMENT_STATES, ENROLLMENT_TRANSITIONS, isLive } from "./enrollment-states.ts";
import { snapshot } from "./snapshot-builder.ts";
import { transitionGate } from "./transition-gate.ts";
import type { TransitionFacts } from "./types.ts";

const gate = (transition: TransitionFacts) => transitionGate(snapshot({ transition }));
const activation = (p: Partial<Extract<TransitionFacts, { kind: "activation" }>> = {}): TransitionFacts => ({
  kind: "activation",
  existingStatus: null,
  campaignStatus: "active",
  stepCount: 2,
  alreadyEnrolled: false,
  ...p,
});
const ALL = Object.keys(ENROLLMENT_STATES) as EnrollmentStatus[];

describe("enrollment state table", () => {
  it("terminal states have no way out; live states can always be opted out", () => {
    for (const s of ALL) {
      if (isLive(s)) expect(canTransition(s, "opted_out")).toBe(true);
      else expect(ENROLLMENT_TRANSITIONS[s]).toHaveLength(0);
    }
    expect(canTransition(null, "active")).toBe(true);
    expect(canTransition(null, "paused")).toBe(false);
    expect(canTransition("exited", "active")).toBe(false);
  });
});

describe("gate 5 state transition validation", () => {
  it("activation: none → active and queued → active are legal", () => {
    expect(gate(activation()).outcome).toBe("pass");
    expect(gate(activation({ existingStatus: "queued" })).outcome).toBe("pass");
  });
  it("activation: refusals with reason codes", () => {
    expect(gate(activation({ alreadyEnrolled: true })).reason).toBe("already_enrolled");
    expect(gate(activation({ campaignStatus: "paused" })).reason).toBe("campaign_not_active");
    expect(gate(activation({ stepCount: 0 })).reason).toBe("campaign_has_no_steps");
    for (const s of ALL.filter((x) => !isLive(x))) {
      expect(gate(activation({ existingStatus: s }))).toMatchObject({
        outcome: "block",
        reason: "sequence_finished",
      });
    }
    expect(gate(activation({ existingStatus: "paused" })).reason).toBe("illegal_transition");
  });
  it("step: only an active enrollment with steps left may step", () => {
    expect(gate({ kind: "step", status: "active", currentStep: 2, stepCount: 2 }).outcome).toBe("pass");
    expect(gate({ kind: "step", status: "active", currentStep: 3, stepCount: 2 }).reason).toBe(
      "sequence_finished",
    );
    expect(gate({ kind: "step", status: "paused", currentStep: 1, stepCount: 2 }).reason).toBe(
      "enrollment_paused",
    );
    // issue 56: a pause a reply made says why
    expect(
      gate({
        kind: "step",
        status: "paused",
        holdReason: "reply_pending_triage",
        currentStep: 1,
        stepCount: 2,
      }).reason,
    ).toBe("reply_pending_triage");
    expect(
      gate({ kind: "send", status: "paused", holdReason: "reply_pending_triage", itemStatus: "approved" })
        .reason,
    ).toBe("reply_pending_triage");
    expect(gate({ kind: "step", status: "queued", currentStep: 1, stepCount: 2 }).reason).toBe(
      "not_activated",
    );
    for (const s of ALL.filter((x) => !isLive(x))) {
      expect(gate({ kind: "step", status: s, currentStep: 1, stepCount: 2 }).reason).toBe(
        "sequence_finished",
      );
    }
  });
  it("send: the item must still be unsent", () => {
    expect(gate({ kind: "send", status: "active", itemStatus: "approved" }).outcome).toBe("pass");
    for (const itemStatus of ["sent", "cancelled", "failed"] as const) {
      expect(gate({ kind: "send", status: "active", itemStatus }).reason).toBe("send_item_not_pending");
    }
    expect(gate({ kind: "send", status: "opted_out", itemStatus: "pending" }).reason).toBe(
      "sequence_finished",
    );
  });
});
