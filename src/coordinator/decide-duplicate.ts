// Gate 5's answer to a duplicate activation (spec 001 sequence activation): a live enrollment in the
// campaign already exists, so the request is refused up front, by requestActivations
// (request-activations.ts) and by previewDecision alike.
import { touchesInWindow } from "./gates/touch-cap-gate.ts";
import { transitionGate } from "./gates/transition-gate.ts";
import type { DecisionCore, GateSnapshot } from "./gates/types.ts";

/** Gate 5 refuses a duplicate request up front: there is nothing new to gate (previewDecision too). */
export function decideDuplicate(s: GateSnapshot, now: Date): DecisionCore {
  const o = transitionGate(s);
  return {
    action: "block",
    gate: 5,
    reason: o.reason,
    until: null,
    touchCapAtEvent: s.sequenceType === "transactional" ? 0 : touchesInWindow(s.touches, now),
    resolution: o.resolution ?? "already_enrolled",
    trace: [o],
    effects: [],
  };
}
