import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareOutcomes } from "./calibration.ts";
import { documentErrors } from "./play-documents.ts";
import {
  canTransition,
  coldCutoff,
  isExpired,
  PLAY_STATES,
  quarterOf,
  retentionTier,
  retireReasonsFrom,
  TRANSITIONS,
} from "./play-states.ts";

const DAY = 86_400_000;
const rank = { draft: 0, under_review: 1, active: 2, retired: 3 } as const;

describe("transition table", () => {
  it("never goes backward, retired is terminal, and retiring is reachable from every live state", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PLAY_STATES), fc.constantFrom(...PLAY_STATES), (from, to) => {
        if (canTransition(from, to)) expect(rank[to]).toBeGreaterThan(rank[from]);
        if (from === "retired") expect(canTransition(from, to)).toBe(false);
        if (from !== "retired") expect(canTransition(from, "retired")).toBe(true);
        expect(retireReasonsFrom(from).length > 0).toBe(from !== "retired");
      }),
    );
    expect(TRANSITIONS.draft).not.toContain("active");
  });

  it("no walk from draft reaches active without passing under_review", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PLAY_STATES), { maxLength: 10 }), (walk) => {
        let s: (typeof PLAY_STATES)[number] = "draft";
        let reviewed = false;
        for (const next of walk) {
          if (!canTransition(s, next)) continue;
          s = next;
          if (s === "under_review") reviewed = true;
          if (s === "active") expect(reviewed).toBe(true);
        }
      }),
    );
  });
});

describe("time rules", () => {
  it("expires after the end date (UTC), and tiers retired plays by age", () => {
    expect(isExpired("2026-03-10", new Date("2026-03-10T23:59:59Z"))).toBe(false);
    expect(isExpired("2026-03-10", new Date("2026-03-11T00:00:00Z"))).toBe(true);
    expect(isExpired(null, new Date())).toBe(false);
    const now = new Date("2026-11-22T00:00:00Z");
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    expect(retentionTier("retired", ago(89), now)).toBe("hot");
    expect(retentionTier("retired", ago(90), now)).toBe("warm");
    expect(retentionTier("retired", ago(17 * 30), now)).toBe("warm");
    expect(retentionTier("retired", ago(19 * 30), now)).toBe("cold");
    expect(retentionTier("retired", ago(6 * 365), now)).toBe("cold");
    expect(retentionTier("active", new Date(0), now)).toBe("hot");
    expect(coldCutoff(now).toISOString()).toBe("2025-05-22T00:00:00.000Z");
    expect(quarterOf(new Date("2026-07-01T00:00:00Z"))).toBe("2026-Q3");
  });
});

describe("documents", () => {
  it("report every error with its path", () => {
    expect(documentErrors("target_definition", {})).toEqual([
      { path: "target_definition", message: "must NOT have fewer than 1 properties" },
    ]);
    expect(documentErrors("target_definition", { icp_tiers: ["T1"], colour: "red" })[0].path).toBe(
      "target_definition",
    );
    const cadence = {
      cadence_type: "sales",
      steps: [{ day: 0, channel: "fax", content_type: "proof", instructions: "x" }],
    };
    expect(documentErrors("suggested_cadence", cadence).map((e) => e.path)).toContain(
      "suggested_cadence/steps/0/channel",
    );
    expect(documentErrors("success_criteria", { evaluation_window_days: 30 })).toEqual([
      { path: "success_criteria", message: "needs at least one metric" },
    ]);
    expect(documentErrors("success_criteria", { meeting_rate: 0.2 })).toEqual([]);
  });

  it("accept any non-decreasing day sequence and refuse any decreasing one", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 20 }), (days) => {
        const doc = {
          cadence_type: "sales",
          steps: days.map((day) => ({ day, channel: "email", content_type: "follow_up", instructions: "x" })),
        };
        const sorted = days.every((d, i) => i === 0 || d >= days[i - 1]);
        expect(documentErrors("suggested_cadence", doc).length === 0).toBe(sorted);
      }),
    );
  });
});

describe("retrospective comparison", () => {
  it("meets a target when the measure reaches it; unmeasured metrics are undecided", () => {
    expect(compareOutcomes({ meeting_rate: 0.1, target_acv: 1000 }, { meeting_rate: 0.1 })).toEqual([
      { metric: "meeting_rate", target: 0.1, actual: 0.1, met: true },
      { metric: "acv", target: 1000, actual: null, met: null },
    ]);
  });
});
