import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type RateLimitConfig, takeToken } from "./rate-limit.ts";

/** Takes in sequence at the given times; the decisions. */
function run(cfg: RateLimitConfig, steps: { at: number; cost?: number }[]) {
  let bucket: ReturnType<typeof takeToken>["bucket"] | undefined;
  return steps.map((s) => {
    const r = takeToken(bucket, s.at, cfg, s.cost);
    bucket = r.bucket;
    return r.decision;
  });
}

describe("token bucket per principal", () => {
  it("allows burst requests at once, then refuses with a Retry-After", () => {
    const d = run({ burst: 3, perSecond: 1 }, [{ at: 0 }, { at: 0 }, { at: 0 }, { at: 0 }, { at: 1000 }]);
    expect(d.slice(0, 3).every((x) => x.allowed)).toBe(true);
    expect(d[3]).toEqual({ allowed: false, retryAfterS: 1 });
    expect(d[4].allowed).toBe(true);
  });

  it("a batch costs one token per call", () => {
    const d = run({ burst: 10, perSecond: 1 }, [
      { at: 0, cost: 8 },
      { at: 0, cost: 3 },
      { at: 0, cost: 2 },
    ]);
    expect(d[0]).toEqual({ allowed: true, remaining: 2 });
    expect(d[1]).toEqual({ allowed: false, retryAfterS: 1 });
    expect(d[2]).toEqual({ allowed: true, remaining: 0 });
  });

  it("an earlier clock refills nothing", () => {
    const d = run({ burst: 1, perSecond: 1 }, [{ at: 5000 }, { at: 0 }, { at: 5999 }, { at: 6000 }]);
    expect(d.map((x) => x.allowed)).toEqual([true, false, false, true]);
  });

  it("never allows more than burst + elapsed * rate requests (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 1, maxLength: 200 }),
        (burst, perSecond, gaps) => {
          let now = 0;
          let bucket: ReturnType<typeof takeToken>["bucket"] | undefined;
          let allowed = 0;
          for (const gap of gaps) {
            now += gap;
            const step = takeToken(bucket, now, { burst, perSecond });
            bucket = step.bucket;
            if (step.decision.allowed) allowed++;
            else {
              // waiting Retry-After seconds is always enough
              const later = takeToken(bucket, now + step.decision.retryAfterS * 1000, { burst, perSecond });
              expect(later.decision.allowed).toBe(true);
            }
          }
          expect(allowed).toBeLessThanOrEqual(burst + Math.floor((now / 1000) * perSecond) + 0);
        },
      ),
    );
  });
});
