import { describe, expect, it } from "vitest";
import { decide } from "./decide.ts";
import { snapshot } from "./snapshot-builder.ts";
import type { GateSnapshot } from "./types.ts";

const now = new Date("2026-03-10T12:00:00Z");
const H = 3600_000;

/**
 * A nurture request on a T1 account, where each of the five gates can be made to fail on its
 * own: 1 opted out, 2 account ABM-active, 3 three touches this week, 4 a live sales enrollment
 * (T1: sales wins, nurture queued), 5 the enrollment being activated has already exited.
 */
function combo(fail: boolean[]): GateSnapshot {
  return snapshot({
    sequenceType: "nurture",
    account: { icpTier: "T1", abmActive: fail[1] },
    contact: { optOutFlag: fail[0] },
    touches: fail[2]
      ? [new Date(now.getTime() - 50 * H), new Date(now.getTime() - 30 * H), new Date(now.getTime() - 20 * H)]
      : [],
    concurrent: fail[3] ? [{ enrollmentId: "s1", sequenceType: "sales", status: "active" }] : [],
    transition: {
      kind: "activation",
      existingStatus: fail[4] ? "exited" : null,
      campaignStatus: "active",
      stepCount: 3,
      alreadyEnrolled: false,
    },
  });
}

const expected = {
  1: { action: "block", reason: "compliance_block" },
  2: { action: "block", reason: "abm_active_suppression" },
  3: { action: "hold", reason: "touch_cap_exceeded" },
  4: { action: "queue", reason: "conflict_resolved_queued" },
  5: { action: "block", reason: "sequence_finished" },
} as const;

describe("decide: the five gates in order", () => {
  const combos = Array.from({ length: 32 }, (_, mask) =>
    [0, 1, 2, 3, 4].map((i) => Boolean(mask & (1 << i))),
  );
  for (const fail of combos) {
    const label = fail.map((f, i) => (f ? `${i + 1}✗` : `${i + 1}✓`)).join(" ");
    it(`${label}`, () => {
      const d = decide(combo(fail), now);
      const first = fail.indexOf(true);
      if (first === -1) {
        expect(d).toMatchObject({ action: "allow", gate: null, reason: null, until: null });
        expect(d.trace.map((o) => o.gate)).toEqual([1, 2, 3, 4, 5]);
        return;
      }
      const gate = (first + 1) as 1 | 2 | 3 | 4 | 5;
      expect(d).toMatchObject({ gate, ...expected[gate] });
      // the first failing gate decides: later gates never ran
      expect(d.trace.map((o) => o.gate)).toEqual([1, 2, 3, 4, 5].slice(0, first + 1));
      if (fail[0]) expect(d.gate).toBe(1); // compliance always wins
      expect(d.until === null).toBe(gate !== 3 && gate !== 4);
    });
  }

  it("at send time only gates 1, 3 and 5 run", () => {
    const s = snapshot({
      sequenceType: "nurture",
      account: { icpTier: "T1", abmActive: true },
      concurrent: [{ enrollmentId: "s1", sequenceType: "sales", status: "active" }],
      transition: { kind: "send", status: "active", itemStatus: "approved" },
    });
    const d = decide(s, now);
    expect(d.action).toBe("allow");
    expect(d.trace.map((o) => o.gate)).toEqual([1, 3, 5]);
    expect(decide({ ...s, contact: { ...s.contact, unsubscribeFlag: true } }, now).gate).toBe(1);
  });

  it("touch_cap_at_event counts the window; transactional counts 0", () => {
    const touches = [new Date(now.getTime() - 30 * H)];
    expect(decide(snapshot({ touches }), now).touchCapAtEvent).toBe(1);
    expect(decide(snapshot({ touches, sequenceType: "transactional" }), now).touchCapAtEvent).toBe(0);
  });
});
