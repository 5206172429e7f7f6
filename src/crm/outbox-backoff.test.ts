import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { afterFailure, CRM_OUTBOX_MAX_ATTEMPTS, crmRetryDelayMs, retryAfterMs } from "./outbox-backoff.ts";

describe("CRM outbox backoff", () => {
  it("doubles from 15 s and never exceeds an hour", () => {
    expect([1, 2, 3, 4].map(crmRetryDelayMs)).toEqual([15_000, 30_000, 60_000, 120_000]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (n) => {
        const d = crmRetryDelayMs(n);
        expect(d).toBeGreaterThanOrEqual(15_000);
        expect(d).toBeLessThanOrEqual(3_600_000);
        expect(crmRetryDelayMs(n + 1)).toBeGreaterThanOrEqual(d);
      }),
    );
  });

  it("dead-letters permanent failures at once and others after the last attempt", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    expect(afterFailure(1, true, now)).toEqual({ status: "dead" });
    expect(afterFailure(CRM_OUTBOX_MAX_ATTEMPTS, false, now)).toEqual({ status: "dead" });
    expect(afterFailure(2, false, now)).toEqual({
      status: "pending",
      nextAttemptAt: new Date("2026-01-01T00:00:30Z"),
    });
  });

  it("waits at least the CRM's Retry-After (capped at the hour)", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    expect(afterFailure(1, false, now, CRM_OUTBOX_MAX_ATTEMPTS, 120_000)).toEqual({
      status: "pending",
      nextAttemptAt: new Date("2026-01-01T00:02:00Z"),
    });
    expect(afterFailure(1, false, now, CRM_OUTBOX_MAX_ATTEMPTS, 1_000)).toEqual({
      status: "pending",
      nextAttemptAt: new Date("2026-01-01T00:00:15Z"),
    });
  });
});

describe("Retry-After", () => {
  it("reads delay-seconds and an HTTP date (Attio's form) against the answer's Date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs("120", null, now)).toBe(120_000);
    expect(retryAfterMs("Thu, 01 Jan 2026 00:00:09 GMT", "Thu, 01 Jan 2026 00:00:01 GMT", now)).toBe(8_000);
    // no Date header: against our clock; a date in the past is "now"
    expect(retryAfterMs("Thu, 01 Jan 2026 00:01:00 GMT", null, now)).toBe(60_000);
    expect(retryAfterMs("Wed, 31 Dec 2025 23:00:00 GMT", null, now)).toBe(0);
    expect(retryAfterMs("soon", null, now)).toBeUndefined();
    expect(retryAfterMs(null, null, now)).toBeUndefined();
  });
});
