import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RateLimiter, takeToken } from "./rate-limit.ts";

describe("token bucket per principal", () => {
  it("allows burst requests at once, then refuses with a Retry-After", () => {
    let t = 0;
    const rl = new RateLimiter({ burst: 3, perSecond: 1 }, () => t);
    expect([rl.take("a"), rl.take("a"), rl.take("a")].every((d) => d.allowed)).toBe(true);
    expect(rl.take("a")).toEqual({ allowed: false, retryAfterS: 1 });
    t = 1000;
    expect(rl.take("a").allowed).toBe(true);
  });

  it("a runaway principal does not limit another", () => {
    const rl = new RateLimiter({ burst: 2, perSecond: 1 }, () => 0);
    for (let i = 0; i < 10; i++) rl.take("runaway");
    expect(rl.take("runaway").allowed).toBe(false);
    expect(rl.take("calm").allowed).toBe(true);
  });

  it("burst 0 disables the limit", () => {
    const rl = new RateLimiter({ burst: 0, perSecond: 1 }, () => 0);
    for (let i = 0; i < 100; i++) expect(rl.take("a").allowed).toBe(true);
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
