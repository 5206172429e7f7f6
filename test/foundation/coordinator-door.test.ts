// One door to the coordinator (issue 59 item 1): outside src/coordinator, code imports only
// src/coordinator/index.ts and contract.ts. npm run lint:cycles holds the real tree to it; this runs
// the same command and the same .dependency-cruiser.cjs on a small tree of its own, so a rule that
// stopped firing (a typo in a path pattern, a changed option) fails here: the forged import of an
// internal is reported, the imports through the door are not.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const REPO = process.cwd();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-door-"));

const TREE: Record<string, string> = {
  "src/coordinator/contract.ts": "export type Decision = { action: string };\n",
  "src/coordinator/inner.ts":
    'import type { Decision } from "./contract.ts";\nexport const decide = (): Decision => ({ action: "allow" });\n',
  "src/coordinator/index.ts": 'export type * from "./contract.ts";\nexport { decide } from "./inner.ts";\n',
  "src/engine/through-door.ts":
    'import type { Decision } from "../coordinator/contract.ts";\nimport { decide } from "../coordinator/index.ts";\nexport const d: Decision = decide();\n',
};

function cruise(extra: Record<string, string>) {
  fs.rmSync(path.join(dir, "src"), { recursive: true, force: true });
  for (const [file, text] of Object.entries({ ...TREE, ...extra })) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { allowImportingTsExtensions: true, noEmit: true, module: "nodenext" },
    }),
  );
  const r = spawnSync(
    process.execPath,
    [
      "--require",
      path.join(REPO, "scripts/depcruise-accept-ts6.cjs"),
      path.join(REPO, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs"),
      "src",
      "--config",
      path.join(REPO, ".dependency-cruiser.cjs"),
    ],
    // No colour: under FORCE_COLOR (CI sets it) the reporter splits the rule line with escape codes.
    { cwd: dir, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" } },
  );
  return { status: r.status, out: r.stdout + r.stderr };
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

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
