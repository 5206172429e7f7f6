// Variant assignment is a pure hash of (enrollment, step): the same enrollment gets the same variant
// in 10 independent evaluations with fresh module state and in a separate process (a restart), and
// the split follows the weights within ±2% over 10,000 enrollments.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { StepVariant } from "../../src/campaigns/step-variants.ts";
import { assignVariant, variantProblems } from "../../src/campaigns/step-variants.ts";

const VARIANTS: StepVariant[] = [
  { key: "A", subject: "a", instructions: "a", weight: 50 },
  { key: "B", subject: "b", instructions: "b", weight: 30 },
  { key: "C", subject: "c", instructions: "c", weight: 20 },
];

const ids = Array.from({ length: 10_000 }, () => randomUUID());

describe("variant assignment", () => {
  it("splits 10,000 enrollments within ±2% of the weights", () => {
    const n: Record<string, number> = { A: 0, B: 0, C: 0 };
    for (const id of ids) n[assignVariant(id, 1, VARIANTS)!.key]++;
    expect(Math.abs(n.A / 10_000 - 0.5)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(n.B / 10_000 - 0.3)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(n.C / 10_000 - 0.2)).toBeLessThanOrEqual(0.02);
    // and two equal arms on another step
    const two = VARIANTS.slice(0, 2).map((v) => ({ ...v, weight: 1 }));
    const a = ids.filter((id) => assignVariant(id, 4, two)!.key === "A").length;
    expect(Math.abs(a / 10_000 - 0.5)).toBeLessThanOrEqual(0.02);
  });

  it("gives the same variant in 10 independent evaluations (fresh module state)", async () => {
    const sample = ids.slice(0, 500);
    const expected = sample.map((id) => assignVariant(id, 2, VARIANTS)!.key);
    for (let worker = 0; worker < 10; worker++) {
      vi.resetModules();
      const fresh = await import("../../src/campaigns/step-variants.ts");
      expect(sample.map((id) => fresh.assignVariant(id, 2, VARIANTS)!.key)).toEqual(expected);
    }
  });

  it("gives the same variant after a restart (another process)", () => {
    const sample = ids.slice(0, 200);
    const script = `
      const { assignVariant } = await import(${JSON.stringify(path.resolve("src/campaigns/step-variants.ts"))});
      const ids = JSON.parse(process.argv[1]);
      const v = JSON.parse(process.argv[2]);
      process.stdout.write(JSON.stringify(ids.map((id) => assignVariant(id, 2, v).key)));`;
    const out = execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        script,
        JSON.stringify(sample),
        JSON.stringify(VARIANTS),
      ],
      { encoding: "utf8" },
    );
    expect(JSON.parse(out)).toEqual(sample.map((id) => assignVariant(id, 2, VARIANTS)!.key));
  });

  it("depends on the step, and a promoted winner takes everyone", () => {
    const perStep = new Set(
      ids
        .slice(0, 50)
        .map((id) => `${assignVariant(id, 1, VARIANTS)!.key}${assignVariant(id, 2, VARIANTS)!.key}`),
    );
    expect(perStep.size).toBeGreaterThan(3);
    expect(ids.slice(0, 100).every((id) => assignVariant(id, 1, VARIANTS, "C")!.key === "C")).toBe(true);
    // a winner that is no longer among the variants is ignored
    expect(assignVariant(ids[0], 1, VARIANTS, "Z")!.key).toBe(assignVariant(ids[0], 1, VARIANTS)!.key);
    expect(assignVariant(ids[0], 1, null)).toBeNull();
  });

  it("validates 2 to 4 variants with unique keys, instructions and positive weights", () => {
    expect(variantProblems(VARIANTS, "/v")).toEqual([]);
    expect(variantProblems(undefined, "/v")).toEqual([]);
    expect(variantProblems([VARIANTS[0]], "/v").map((p) => p.message)).toEqual([
      "a step has 2 to 4 variants (got 1)",
    ]);
    const bad = variantProblems(
      [
        { key: "A", instructions: "x", weight: 1 },
        { key: "A", instructions: "", weight: 0 },
      ],
      "/steps/0/variants",
    );
    expect(bad.map((p) => p.path)).toEqual([
      "/steps/0/variants/1/key",
      "/steps/0/variants/1/instructions",
      "/steps/0/variants/1/weight",
    ]);
    expect(
      variantProblems(
        Array.from({ length: 5 }, (_, i) => ({ ...VARIANTS[0], key: `K${i}` })),
        "/v",
      ),
    ).toHaveLength(1);
  });
});
