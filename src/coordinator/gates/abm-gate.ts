// spec 001 gate 2 (wire 3, ABM backstop): a nurture sequence on an ABM-active account is blocked and
// the originating agent is notified. All other sequence types: no ABM check here.
import { type GateOutcome, type GateSnapshot, pass } from "./types.ts";

export function abmGate(s: GateSnapshot): GateOutcome {
  if (s.sequenceType === "nurture" && s.account?.abmActive === true) {
    return {
      gate: 2,
      outcome: "block",
      reason: "abm_active_suppression",
      until: null,
      resolution: "nurture_on_abm_account",
      effects: [{ kind: "notify_originating_agent", reason: "abm_active_suppression" }],
    };
  }
  return pass(2);
}
