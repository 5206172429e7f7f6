// One root builds the process (issue 59 items 3 and 5), as .dependency-cruiser.cjs says it: only
// src/runtime imports default-engine-deps.ts (engine-built-at-the-root; everything else is handed the
// process's engine() or an EngineFactory), and no domain imports src/demo (domains-do-not-import-the-demo;
// the demo's seeders live in src/demo and import the domains). npm run lint:cycles holds the real tree
// to both; this runs the same command on a small tree of its own, so a rule that stopped firing fails
// here: each forged import is reported, the allowed ones are not.
import { afterAll, describe, expect, it } from "vitest";
import { cruiseTree } from "../support/depcruise.ts";

const tree = cruiseTree("baton-root-");

const TREE: Record<string, string> = {
  "src/engine/engine-deps.ts": "export type EngineDeps = { senderName: string };\n",
  "src/engine/default-engine-deps.ts":
    'import type { EngineDeps } from "./engine-deps.ts";\nexport const defaultEngineDeps = (): EngineDeps => ({ senderName: "Baton" });\n',
  "src/runtime/engine.ts":
    'import { defaultEngineDeps } from "../engine/default-engine-deps.ts";\nexport const buildEngine = () => defaultEngineDeps();\n',
  "src/plays/approve-play.ts": "export const approvePlay = () => 1;\n",
  // the demo reaches a domain through its door, as every importer outside the folder does
  "src/plays/index.ts": 'export { approvePlay } from "./approve-play.ts";\n',
  "src/demo/seed-plays.ts":
    'import { approvePlay } from "../plays/index.ts";\nexport const seedPlays = () => approvePlay();\n',
  "src/api/workspace.ts": 'import { seedPlays } from "../demo/seed-plays.ts";\nexport const w = seedPlays;\n',
};

const cruise = (extra: Record<string, string>) => tree.cruise({ ...TREE, ...extra });

afterAll(() => tree.remove());

describe("the process's root (.dependency-cruiser.cjs)", () => {
  it("passes the root's wiring of the engine and the demo's imports of the domains", () => {
    const r = cruise({});
    expect(r.out).toMatch(/no dependency violations found/);
    expect(r.status).toBe(0);
  }, 60_000);

  it("fails a wiring of the engine outside src/runtime (engine-built-at-the-root)", () => {
    const r = cruise({
      "src/engine/engine-job.ts":
        'import { defaultEngineDeps } from "./default-engine-deps.ts";\nexport const start = () => defaultEngineDeps();\n',
    });
    expect(r.out).toContain(
      "engine-built-at-the-root: src/engine/engine-job.ts → src/engine/default-engine-deps.ts",
    );
    expect(r.out).not.toContain("src/runtime/engine.ts →");
    expect(r.status).not.toBe(0);
  }, 60_000);

  it("fails a domain's import of src/demo (domains-do-not-import-the-demo)", () => {
    const r = cruise({
      "src/plays/uses-demo.ts":
        'import { seedPlays } from "../demo/seed-plays.ts";\nexport const u = seedPlays;\n',
    });
    expect(r.out).toContain(
      "domains-do-not-import-the-demo: src/plays/uses-demo.ts → src/demo/seed-plays.ts",
    );
    expect(r.out).not.toContain("src/api/workspace.ts →");
    expect(r.status).not.toBe(0);
  }, 60_000);
});
