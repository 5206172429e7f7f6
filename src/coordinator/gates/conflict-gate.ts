// spec 001 gate 4: concurrency check + the conflict resolution matrix, exactly:
//   T1: sales always wins (marketing queued).
//   T2: the side with the fresher signal wins; the other is queued 48 h.
//   T3: marketing always wins; a sales sequence on T3 is a routing error for AGT-202.
// Sides: sides.ts. A request conflicts only with a live enrollment of the OTHER side. The loser is
// queued when IT asks (at activation or at its next step), so the matrix is applied symmetrically
// and a winner never waits on a loser. Decisions of ours beyond the spec (docs/coordinator.md):
// no account = T2; on T2 a missing signal is older than any signal, and a tie goes to sales;
// the queue period (48 h) applies to T1 and T3 losers too and is re-evaluated at release.
import { SEQUENCE_SIDE, type Side } from "./sides.ts";
import type { DecisionEffect, GateOutcome, GateSnapshot, IcpTier } from "./types.ts";

export function matrixWinner(tier: IcpTier, salesAt: Date | null, marketingAt: Date | null): Side {
  switch (tier) {
    case "T1":
      return "sales";
    case "T3":
      return "marketing";
    case "T2":
      return (salesAt?.getTime() ?? Number.NEGATIVE_INFINITY) >=
        (marketingAt?.getTime() ?? Number.NEGATIVE_INFINITY)
        ? "sales"
        : "marketing";
  }
}

export function conflictGate(s: GateSnapshot, now: Date): GateOutcome {
  const side = SEQUENCE_SIDE[s.sequenceType];
  if (side === null) return { gate: 4, outcome: "pass", reason: null, until: null, resolution: "no_side" };
  const tier: IcpTier = s.account?.icpTier ?? "T2";
  const effects: DecisionEffect[] =
    tier === "T3" && side === "sales"
      ? [{ kind: "routing_error", agentId: "AGT-202", tier: "T3", sequenceType: s.sequenceType }]
      : [];
  const opponents = s.concurrent.filter((e) => {
    const other = SEQUENCE_SIDE[e.sequenceType];
    return other !== null && other !== side;
  });
  if (opponents.length === 0) {
    return { gate: 4, outcome: "pass", reason: null, until: null, resolution: "no_conflict", effects };
  }
  const winner = matrixWinner(tier, s.contact.lastSalesSignalAt, s.contact.lastMarketingSignalAt);
  const resolution = `${tier}_${winner}_wins`;
  if (winner === side) return { gate: 4, outcome: "pass", reason: null, until: null, resolution, effects };
  return {
    gate: 4,
    outcome: "queue",
    reason: "conflict_resolved_queued",
    until: new Date(now.getTime() + s.config.conflictQueueHours * 3600_000),
    resolution,
    effects,
  };
}
