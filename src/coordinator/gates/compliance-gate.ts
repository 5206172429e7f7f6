// spec 001 gate 1 (always first): an unsubscribed or opted-out lead is a hard block, whatever the
// sequence type — transactional included ("No sequence type bypasses this").
// issue 15: then the tenant's suppression lists, erasure, and the legal basis a campaign requires.
import { prospectBlock } from "./prospect-facts.ts";
import { type GateOutcome, type GateSnapshot, pass } from "./types.ts";

export function complianceGate(s: GateSnapshot): GateOutcome {
  if (s.contact.unsubscribeFlag || s.contact.optOutFlag) {
    return {
      gate: 1,
      outcome: "block",
      reason: "compliance_block",
      until: null,
      resolution: s.contact.unsubscribeFlag ? "unsubscribed" : "opted_out",
    };
  }
  return prospectBlock(s.prospect) ?? pass(1);
}
