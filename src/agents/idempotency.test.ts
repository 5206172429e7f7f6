import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, requestHash, validateKey } from "./idempotency.ts";

function shuffleKeys(v: unknown, seed: number): unknown {
  if (Array.isArray(v)) return v.map((x) => shuffleKeys(x, seed));
  if (!v || typeof v !== "object") return v;
  const entries = Object.entries(v).map(([k, x]) => [k, shuffleKeys(x, seed)] as const);
  entries.sort((a, b) => ((a[0].length * seed) % 7) - ((b[0].length * seed) % 7) || (a[0] < b[0] ? 1 : -1));
  return Object.fromEntries(entries);
}

describe("request identity", () => {
  it("the same body with keys in another order hashes alike (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 1, max: 100 }), (v, seed) => {
        expect(canonicalJson(shuffleKeys(v, seed))).toBe(canonicalJson(v));
        expect(requestHash("POST", "/x", shuffleKeys(v, seed))).toBe(requestHash("post", "/x", v));
      }),
    );
  });

  it("a different body, path or method is a different request", () => {
    const h = requestHash("POST", "/a", { x: 1 });
    expect(requestHash("POST", "/a", { x: 2 })).not.toBe(h);
    expect(requestHash("POST", "/b", { x: 1 })).not.toBe(h);
    expect(requestHash("PUT", "/a", { x: 1 })).not.toBe(h);
  });

  it("keys are 1-255 printable ASCII characters", () => {
    expect(() => validateKey("abc-123_XYZ:/=")).not.toThrow();
    for (const bad of ["", "a b", "é", "x".repeat(256)]) expect(() => validateKey(bad)).toThrow();
  });
});
