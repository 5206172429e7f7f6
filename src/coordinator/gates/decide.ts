// spec 001: "Every sequence activation request passes through these gates in order. A block at any
// gate prevents execution and logs the reason." The first gate that does not pass decides.
// At send time only gates 1 and 3 run again (issue 3), then gate 5 checks the item is still sendable.
import type { CoordinatorAction } from "../contract.ts";
import { abmGate } from "./abm-gate.ts";
import { complianceGate } from "./compliance-gate.ts";
import { conflictGate } from "./conflict-gate.ts";
import { assertNever } from "./sides.ts";
import { touchCapGate, touchesInWindow } from "./touch-cap-gate.ts";
import { transitionGate } from "./transition-gate.ts";
import type { DecisionCore, DecisionEffect, GateOutcome, GateSnapshot } from "./types.ts";

type Gate = (s: GateSnapshot, now: Date) => GateOutcome;

const ALL_GATES: Gate[] = [complianceGate, abmGate, touchCapGate, conflictGate, transitionGate];
const SEND_GATES: Gate[] = [complianceGate, touchCapGate, transitionGate];

function actionOf(o: GateOutcome): CoordinatorAction {
  switch (o.outcome) {
    case "pass":
      return "allow";
    case "hold":
      return "hold";
    case "queue":
      return "queue";
    case "block":
      return "block";
    default:
      return assertNever(o.outcome);
  }
}

export function decide(s: GateSnapshot, now: Date): DecisionCore {
  const gates = s.transition.kind === "send" ? SEND_GATES : ALL_GATES;
  const trace: GateOutcome[] = [];
  const effects: DecisionEffect[] = [];
  const touchCapAtEvent = s.sequenceType === "transactional" ? 0 : touchesInWindow(s.touches, now);
  for (const gate of gates) {
    const o = gate(s, now);
    trace.push(o);
    if (o.effects) effects.push(...o.effects);
    if (o.outcome !== "pass") {
      return {
        action: actionOf(o),
        gate: o.gate,
        reason: o.reason,
        until: o.until,
        touchCapAtEvent,
        resolution: o.resolution ?? o.reason ?? "blocked",
        trace,
        effects,
      };
    }
  }
  return {
    action: "allow",
    gate: null,
    reason: null,
    until: null,
    touchCapAtEvent,
    resolution: trace.find((o) => o.gate === 4)?.resolution ?? "allowed",
    trace,
    effects,
  };
}
