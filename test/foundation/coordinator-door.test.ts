// One door to the coordinator (issue 59 item 1): outside src/coordinator, code imports only
// src/coordinator/index.ts and contract.ts. npm run lint:cycles holds the real tree to it; this runs
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
};

const cruise = (extra: Record<string, string>) => tree.cruise({ ...TREE, ...extra });

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
});
