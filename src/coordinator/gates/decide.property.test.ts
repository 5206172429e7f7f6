// Property: 30 simulated days of random activation requests on one prospect, run through decide()
// by an hourly scheduler tick. Caps never overshoot, nurture never reaches an ABM account, and a
// held step is never held by gate 3 at the first tick after its release time unless another touch
// took the slot in between. (test/coordinator/simulation.test.ts runs the same on the database.)
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EnrollmentStatus, SequenceType } from "../../db/core-tables.ts";
import { TOUCH_WINDOW_MS } from "../touch-window.ts";
import { decide } from "./decide.ts";
import { localDate } from "./local-day.ts";
import { SEQUENCE_TYPES } from "./sides.ts";
import { snapshot } from "./snapshot-builder.ts";
import type { IcpTier } from "./types.ts";

const H = 3600_000;
const START = Date.parse("2026-03-01T00:00:00Z");
const ZONES = ["UTC", "America/New_York", "Asia/Tokyo", "Australia/Lord_Howe", "America/Santiago"];

interface Enr {
  id: number;
  type: SequenceType;
  status: EnrollmentStatus;
  step: number;
  delays: number[];
  due: number;
  heldAt?: { at: number; until: number };
}

const requestArb = fc.record({
  atHour: fc.integer({ min: 0, max: 30 * 24 - 1 }),
  type: fc.constantFrom(...SEQUENCE_TYPES),
  delays: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 5 }),
});

const worldArb = fc.record({
  tier: fc.constantFrom<IcpTier>("T1", "T2", "T3"),
  abm: fc.boolean(),
  zone: fc.constantFrom(...ZONES),
  salesSignalHour: fc.option(fc.integer({ min: -200, max: 0 })),
  marketingSignalHour: fc.option(fc.integer({ min: -200, max: 0 })),
  requests: fc.array(requestArb, { minLength: 1, maxLength: 25 }),
});

describe("gates over 30 simulated days (pure)", () => {
  it("never overshoots a cap, never touches ABM with nurture, releases holds on the first tick", () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const touches: { t: number; type: SequenceType }[] = [];
        const enrs: Enr[] = [];
        const pending = [...w.requests].sort((a, b) => a.atHour - b.atHour);
        let nextId = 1;
        const sig = (h: number | null) => (h === null ? null : new Date(START + h * H));
        const base = {
          account: { icpTier: w.tier, abmActive: w.abm },
          contact: {
            timeZone: w.zone,
            lastSalesSignalAt: sig(w.salesSignalHour),
            lastMarketingSignalAt: sig(w.marketingSignalHour),
          },
        };
        for (let hour = 0; hour < 30 * 24; hour++) {
          const now = START + hour * H;
          while (pending.length && pending[0].atHour <= hour) {
            const r = pending.shift()!;
            enrs.push({ id: nextId++, type: r.type, status: "queued", step: 1, delays: r.delays, due: now });
          }
          for (const e of enrs.filter(
            (x) => (x.status === "queued" || x.status === "active") && x.due <= now,
          )) {
            const nonTx = touches.filter((x) => x.type !== "transactional").map((x) => new Date(x.t));
            const concurrent = enrs
              .filter((x) => x !== e && (x.status === "queued" || x.status === "active"))
              .map((x) => ({ enrollmentId: String(x.id), sequenceType: x.type, status: x.status }));
            const transition =
              e.status === "queued"
                ? ({
                    kind: "activation",
                    existingStatus: "queued",
                    campaignStatus: "active",
                    stepCount: e.delays.length,
                    alreadyEnrolled: false,
                  } as const)
                : ({
                    kind: "step",
                    status: "active",
                    currentStep: e.step,
                    stepCount: e.delays.length,
                  } as const);
            const d = decide(
              snapshot({ ...base, sequenceType: e.type, touches: nonTx, concurrent, transition }),
              new Date(now),
            );
            // the release property: the first tick at/after a gate-3 release time is not held by gate 3
            // again unless a touch happened after the hold was decided
            if (e.heldAt && now >= e.heldAt.until) {
              const touchedSince = touches.some((x) => x.t > e.heldAt!.at && x.type !== "transactional");
              if (!touchedSince) expect(d.gate === 3 && d.action === "hold").toBe(false);
              e.heldAt = undefined;
            }
            if (d.action === "block") {
              e.status = d.gate === 1 ? "opted_out" : "cancelled";
            } else if (d.action === "hold" || d.action === "queue") {
              e.due = d.until!.getTime();
              if (d.action === "hold") e.heldAt = { at: now, until: e.due };
            } else if (e.status === "queued") {
              e.status = "active";
              e.due = now + e.delays[0] * 24 * H;
            } else {
              touches.push({ t: now, type: e.type });
              if (e.step >= e.delays.length) e.status = "exited";
              else e.due = now + e.delays[e.step++] * 24 * H;
            }
          }
        }
        const nonTx = touches.filter((x) => x.type !== "transactional").map((x) => x.t);
        for (const t of nonTx) {
          expect(nonTx.filter((x) => x > t - TOUCH_WINDOW_MS && x <= t).length).toBeLessThanOrEqual(3);
          const day = localDate(new Date(t), w.zone);
          expect(nonTx.filter((x) => localDate(new Date(x), w.zone) === day).length).toBeLessThanOrEqual(1);
        }
        if (w.abm) expect(touches.some((x) => x.type === "nurture")).toBe(false);
      }),
      { numRuns: 60 },
    );
  });
});
