import { describe, expect, it } from "vitest";
import type { SequenceType } from "../../db/core-tables.ts";
import { conflictGate, matrixWinner } from "./conflict-gate.ts";
import { snapshot } from "./snapshot-builder.ts";
import type { IcpTier } from "./types.ts";

const now = new Date("2026-03-10T12:00:00Z");
const older = new Date("2026-03-01T00:00:00Z");
const newer = new Date("2026-03-09T00:00:00Z");
const live = (sequenceType: SequenceType) => [
  { enrollmentId: "e1", sequenceType, status: "active" as const },
];

function run(tier: IcpTier, requested: SequenceType, other: SequenceType, fresher: "sales" | "marketing") {
  return conflictGate(
    snapshot({
      sequenceType: requested,
      account: { icpTier: tier, abmActive: false },
      concurrent: live(other),
      contact: {
        lastSalesSignalAt: fresher === "sales" ? newer : older,
        lastMarketingSignalAt: fresher === "marketing" ? newer : older,
      },
    }),
    now,
  );
}

// spec 001 conflict resolution matrix, every cell, from both sides of each conflict.
const cells: Array<{ tier: IcpTier; fresher: "sales" | "marketing"; winner: "sales" | "marketing" }> = [
  { tier: "T1", fresher: "sales", winner: "sales" },
  { tier: "T1", fresher: "marketing", winner: "sales" },
  { tier: "T2", fresher: "sales", winner: "sales" },
  { tier: "T2", fresher: "marketing", winner: "marketing" },
  { tier: "T3", fresher: "sales", winner: "marketing" },
  { tier: "T3", fresher: "marketing", winner: "marketing" },
];

describe("gate 4 conflict matrix", () => {
  for (const { tier, fresher, winner } of cells) {
    for (const [salesType, mktType] of [
      ["sales", "marketing"],
      ["abm", "nurture"],
    ] as const) {
      it(`${tier}, ${fresher} signal fresher: ${winner} wins (${salesType} vs ${mktType})`, () => {
        const salesAsks = run(tier, salesType, mktType, fresher);
        const mktAsks = run(tier, mktType, salesType, fresher);
        const [w, l] = winner === "sales" ? [salesAsks, mktAsks] : [mktAsks, salesAsks];
        expect(w).toMatchObject({ outcome: "pass", resolution: `${tier}_${winner}_wins` });
        expect(l).toMatchObject({
          outcome: "queue",
          reason: "conflict_resolved_queued",
          resolution: `${tier}_${winner}_wins`,
        });
        expect(l.until?.toISOString()).toBe("2026-03-12T12:00:00.000Z"); // 48 h
      });
    }
  }

  it("T3: a sales-side request is flagged as a routing error to AGT-202, with or without a conflict", () => {
    const alone = conflictGate(
      snapshot({ sequenceType: "sales", account: { icpTier: "T3", abmActive: false } }),
      now,
    );
    expect(alone).toMatchObject({ outcome: "pass" });
    expect(alone.effects).toEqual([
      { kind: "routing_error", agentId: "AGT-202", tier: "T3", sequenceType: "sales" },
    ]);
    expect(run("T3", "sales", "marketing", "sales").effects?.[0]).toMatchObject({ kind: "routing_error" });
    expect(run("T3", "marketing", "sales", "sales").effects).toEqual([]);
  });

  it("no conflict: same side, transactional, or nothing live", () => {
    expect(run("T1", "marketing", "nurture", "sales").outcome).toBe("pass");
    expect(run("T1", "sales", "abm", "sales").outcome).toBe("pass");
    expect(run("T1", "transactional", "sales", "sales").outcome).toBe("pass");
    expect(run("T1", "marketing", "transactional", "sales").outcome).toBe("pass");
  });

  it("the queue period is configurable", () => {
    const o = conflictGate(
      snapshot({
        sequenceType: "marketing",
        account: { icpTier: "T1", abmActive: false },
        concurrent: live("sales"),
        config: { conflictQueueHours: 24 },
      }),
      now,
    );
    expect(o.until?.toISOString()).toBe("2026-03-11T12:00:00.000Z");
  });

  it("T2 tie-breaks: missing signal is older than any; an exact tie goes to sales; no account is T2", () => {
    expect(matrixWinner("T2", null, null)).toBe("sales");
    expect(matrixWinner("T2", null, older)).toBe("marketing");
    expect(matrixWinner("T2", older, null)).toBe("sales");
    expect(matrixWinner("T2", newer, new Date(newer))).toBe("sales");
    const noAccount = conflictGate(
      snapshot({
        sequenceType: "sales",
        account: null,
        concurrent: live("marketing"),
        contact: { lastMarketingSignalAt: newer },
      }),
      now,
    );
    expect(noAccount).toMatchObject({ outcome: "queue", resolution: "T2_marketing_wins" });
  });
});
