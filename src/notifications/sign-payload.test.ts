import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { webhookWantsKind } from "./notify.ts";
import { backoffSeconds, signPayload, verifySignature } from "./sign-payload.ts";

const secret = "s3cret-s3cret-s3cret";
const now = new Date("2026-11-20T12:00:00Z");
const ts = Math.floor(now.getTime() / 1000);

describe("webhook signatures", () => {
  it("verifies what it signs, for any body", () => {
    fc.assert(
      fc.property(
        fc.string(),
        (body) => verifySignature(secret, signPayload(secret, ts, body), body, now).ok,
      ),
    );
  });
  it("rejects a changed body, another secret, a malformed header", () => {
    const h = signPayload(secret, ts, '{"a":1}');
    expect(verifySignature(secret, h, '{"a":2}', now)).toEqual({ ok: false, reason: "mismatch" });
    expect(verifySignature("another-secret-xx", h, '{"a":1}', now)).toEqual({
      ok: false,
      reason: "mismatch",
    });
    expect(verifySignature(secret, "v1=abc", '{"a":1}', now)).toEqual({ ok: false, reason: "malformed" });
    expect(verifySignature(secret, undefined, "", now)).toEqual({ ok: false, reason: "malformed" });
  });
  it("rejects a replay outside the tolerance, accepts at its edge", () => {
    const h = signPayload(secret, ts - 300, "x");
    expect(verifySignature(secret, h, "x", now).ok).toBe(true);
    const old = signPayload(secret, ts - 301, "x");
    expect(verifySignature(secret, old, "x", now)).toEqual({ ok: false, reason: "stale" });
  });
});

describe("backoff and kinds", () => {
  it("doubles from 30 s and caps at one hour", () => {
    expect([1, 2, 3, 4].map(backoffSeconds)).toEqual([30, 60, 120, 240]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), (n) => {
        const b = backoffSeconds(n);
        return b <= 3600 && b >= 30 && backoffSeconds(n + 1) >= b;
      }),
    );
  });
  it("matches webhook event types", () => {
    expect(webhookWantsKind([], "flag.stall")).toBe(true);
    expect(webhookWantsKind(["flag.*"], "flag.stall")).toBe(true);
    expect(webhookWantsKind(["flag.*"], "flagx.stall")).toBe(false);
    expect(webhookWantsKind(["flag.stall"], "flag.cap_warning")).toBe(false);
    expect(webhookWantsKind(["*"], "coordinator.abm_suppression")).toBe(true);
  });
});
