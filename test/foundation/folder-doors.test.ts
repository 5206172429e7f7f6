// One door per folder (issue 70 item 2; issue 59 item 1 for the coordinator, issue 70 item 1 for
// campaigns): outside a top-level folder of src/, code and web/ import it only through its
// index.ts and contract.ts. npm run lint:cycles holds the real tree to it; this runs the same
// command and the same .dependency-cruiser.cjs on a small tree of its own, so a rule that stopped
// firing (a typo in a path pattern, a lost back-reference, a changed option) fails here: the forged
// imports of internals are reported, the imports through the doors and the named exceptions are not.
import { afterAll, describe, expect, it } from "vitest";
import { cruiseTree } from "../support/depcruise.ts";

const tree = cruiseTree("baton-door-");

const TREE: Record<string, string> = {
  "src/coordinator/contract.ts": "export type Decision = { action: string };\n",
  "src/coordinator/inner.ts":
    'import type { Decision } from "./contract.ts";\nexport const decide = (): Decision => ({ action: "allow" });\n',
  "src/coordinator/index.ts": 'export type * from "./contract.ts";\nexport { decide } from "./inner.ts";\n',
  "src/ledger/through-door.ts":
    'import type { Decision } from "../coordinator/contract.ts";\nimport { decide } from "../coordinator/index.ts";\nexport const d: Decision = decide();\n',
  "src/campaigns/contract.ts": 'export const EXIT_REASONS = ["completed"] as const;\n',
  "src/campaigns/pause.ts": "export const pauseEnrollment = () => true;\n",
  "src/campaigns/index.ts": 'export * from "./contract.ts";\nexport { pauseEnrollment } from "./pause.ts";\n',
  "src/ledger/pause-door.ts":
    'import { pauseEnrollment } from "../campaigns/index.ts";\nexport const p = pauseEnrollment();\n',
  // a folder no rule names: held by the one rule as soon as it exists
  "src/ledger/entry.ts":
    "export type Entry = { amount: number };\nexport const entry = (): Entry => ({ amount: 1 });\n",
  "src/ledger/index.ts": 'export { type Entry, entry } from "./entry.ts";\n',
  "src/ledger/sibling.ts": 'import { entry } from "./entry.ts";\nexport const s = entry();\n',
  "src/campaigns/ledger-door.ts": 'import { entry } from "../ledger/index.ts";\nexport const e = entry();\n',
  "src/main.ts": 'import { entry } from "./ledger/index.ts";\nentry();\n',
  // the bottom floor, a named exception: read file by file as a library is
  "src/db/database.ts": "export interface DB { x: number }\n",
  "src/ledger/floor.ts": 'import type { DB } from "../db/database.ts";\nexport type D = DB;\n',
  // the registry of errors, a named exception: it takes each domain's fragment by path
  "src/ledger/ledger-errors.ts": "export const ledgerErrors = {};\n",
  "src/runtime/errors.ts":
    'import { ledgerErrors } from "../ledger/ledger-errors.ts";\nexport const all = [ledgerErrors];\n',
  "web/src/words.ts":
    'import { EXIT_REASONS } from "../../src/campaigns/contract.ts";\nexport const w = EXIT_REASONS;\n',
};

const cruise = (extra: Record<string, string>) => tree.cruise({ ...TREE, ...extra }, ["src", "web/src"]);

afterAll(() => tree.remove());

describe("one-door-per-folder (.dependency-cruiser.cjs)", () => {
  it("passes imports through index.ts and contract.ts, inside a folder, and the named exceptions", () => {
    const r = cruise({});
    expect(r.out).toMatch(/no dependency violations found/);
    expect(r.status).toBe(0);
  }, 60_000);

  it("fails a forged import of an internal into three folders, from src/, src/main.ts and web/", () => {
    const r = cruise({
      "src/ledger/forged.ts":
        'import { decide } from "../coordinator/inner.ts";\nexport const d = decide();\n',
      "src/coordinator/forged.ts": 'import { entry } from "../ledger/entry.ts";\nexport const e = entry();\n',
      "src/forged-root.ts": 'import { entry } from "./ledger/entry.ts";\nentry();\n',
      "web/src/forged.ts":
        'import { pauseEnrollment } from "../../src/campaigns/pause.ts";\nexport const p = pauseEnrollment();\n',
    });
    expect(r.out).toContain("one-door-per-folder: src/ledger/forged.ts → src/coordinator/inner.ts");
    expect(r.out).toContain("one-door-per-folder: src/coordinator/forged.ts → src/ledger/entry.ts");
    expect(r.out).toContain("one-door-per-folder: src/forged-root.ts → src/ledger/entry.ts");
    expect(r.out).toContain("one-door-per-folder: web/src/forged.ts → src/campaigns/pause.ts");
    expect(r.out).not.toMatch(
      /through-door|pause-door|ledger-door|sibling|floor\.ts|words\.ts|src\/main\.ts|runtime\/errors/,
    );
    expect(r.out.match(/one-door-per-folder:/g)).toHaveLength(4);
    expect(r.status).not.toBe(0);
  }, 60_000);

  it("fails a forged `import type` of an internal: a type goes through the door too", () => {
    const r = cruise({
      "src/campaigns/forged-type.ts":
        'import type { Entry } from "../ledger/entry.ts";\nexport type E = Entry;\n',
    });
    expect(r.out).toContain("one-door-per-folder: src/campaigns/forged-type.ts → src/ledger/entry.ts");
    expect(r.status).not.toBe(0);
  }, 60_000);
});
