// One door to the coordinator (issue 59 item 1) and one to campaigns (issue 70 item 1): outside
// src/coordinator (src/campaigns), code imports only its index.ts and contract.ts. npm run lint:cycles holds the real tree to it; this runs
// the same command and the same .dependency-cruiser.cjs on a small tree of its own, so a rule that
// stopped firing (a typo in a path pattern, a changed option) fails here: the forged import of an
// internal is reported, the imports through the door are not.
import { afterAll, describe, expect, it } from "vitest";
import { cruiseTree } from "../support/depcruise.ts";

const tree = cruiseTree("baton-door-");

const TREE: Record<string, string> = {
  "src/coordinator/contract.ts": "export type Decision = { action: string };\n",
  "src/coordinator/inner.ts":
    'import type { Decision } from "./contract.ts";\nexport const decide = (): Decision => ({ action: "allow" });\n',
  "src/coordinator/index.ts": 'export type * from "./contract.ts";\nexport { decide } from "./inner.ts";\n',
  "src/engine/through-door.ts":
    'import type { Decision } from "../coordinator/contract.ts";\nimport { decide } from "../coordinator/index.ts";\nexport const d: Decision = decide();\n',
  "src/campaigns/contract.ts": 'export const EXIT_REASONS = ["completed"] as const;\n',
  "src/campaigns/pause.ts": "export const pauseEnrollment = () => true;\n",
  "src/campaigns/index.ts": 'export * from "./contract.ts";\nexport { pauseEnrollment } from "./pause.ts";\n',
  "src/inbox/through-door.ts":
    'import { pauseEnrollment } from "../campaigns/index.ts";\nexport const p = pauseEnrollment();\n',
  "web/src/words.ts":
    'import { EXIT_REASONS } from "../../src/campaigns/contract.ts";\nexport const w = EXIT_REASONS;\n',
};

const cruise = (extra: Record<string, string>) => tree.cruise({ ...TREE, ...extra }, ["src", "web/src"]);

afterAll(() => tree.remove());

describe("coordinator-one-door (.dependency-cruiser.cjs)", () => {
  it("passes imports through index.ts and contract.ts", () => {
    const r = cruise({});
    expect(r.out).toMatch(/no dependency violations found/);
    expect(r.status).toBe(0);
  }, 60_000);

  it("fails an import of a coordinator internal from outside (the forged case)", () => {
    const r = cruise({
      "src/engine/forged.ts":
        'import { decide } from "../coordinator/inner.ts";\nexport const d = decide();\n',
    });
    expect(r.out).toContain("coordinator-one-door: src/engine/forged.ts → src/coordinator/inner.ts");
    expect(r.out).not.toContain("through-door");
    expect(r.status).not.toBe(0);
  }, 60_000);

  it("fails an import of a campaigns internal from src/ or web/ (the forged cases)", () => {
    const r = cruise({
      "src/inbox/forged.ts":
        'import { pauseEnrollment } from "../campaigns/pause.ts";\nexport const p = pauseEnrollment();\n',
      "web/src/forged.ts":
        'import { pauseEnrollment } from "../../src/campaigns/pause.ts";\nexport const p = pauseEnrollment();\n',
    });
    expect(r.out).toContain("campaigns-one-door: src/inbox/forged.ts → src/campaigns/pause.ts");
    expect(r.out).toContain("campaigns-one-door: web/src/forged.ts → src/campaigns/pause.ts");
    expect(r.out).not.toContain("through-door");
    expect(r.out).not.toContain("words.ts");
    expect(r.status).not.toBe(0);
  }, 60_000);
});
