// The server files web/ imports are browser-safe (issue 70 item 4): web/src imports a src/ file's
// values only when .dependency-cruiser.cjs lists it in BROWSER_SAFE, and a listed file imports by
// value only other listed files and no Node module or server package, so nothing it pulls into the
// browser bundle needs Node. npm run lint:cycles (src and web/src) holds the real tree to it; this
// runs the same command and config on a small tree, the forged imports beside the allowed ones.
import { afterAll, describe, expect, it } from "vitest";
import { cruiseTree } from "../support/depcruise.ts";

const tree = cruiseTree("baton-browser-safe-");
const DIRS = ["src", "web/src"];

const TREE: Record<string, string> = {
  "src/channels/channel-kinds.ts": 'export const CHANNEL_KINDS = ["email"] as const;\n',
  // the channels' browser-safe door (one-door-per-folder: outside code imports it, not channel-kinds.ts)
  "src/channels/contract.ts": 'export { CHANNEL_KINDS } from "./channel-kinds.ts";\n',
  // a listed file importing another listed file, a browser package, and a server file's type (erased)
  "src/campaigns/layout-on-exit-graph.ts":
    'import type { Db } from "../db/connect.ts";\nimport dagre from "@dagrejs/dagre";\nimport { CHANNEL_KINDS } from "../channels/contract.ts";\nexport const k: Db | null = null;\nexport const g = [dagre, CHANNEL_KINDS];\n',
  "src/db/connect.ts":
    'import fs from "node:fs";\nexport const connect = () => fs;\nexport type Db = { id: string };\n',
  "web/src/page.tsx":
    'import type { Db } from "../../src/db/connect.ts";\nimport { CHANNEL_KINDS } from "../../src/channels/contract.ts";\nexport const page: Db | readonly string[] = CHANNEL_KINDS;\n',
};

afterAll(() => tree.remove());

describe("browser-safe server files (.dependency-cruiser.cjs)", () => {
  it("passes value imports of listed files, a browser package, and type imports of any file", () => {
    const r = tree.cruise(TREE, DIRS);
    expect(r.out).toMatch(/no dependency violations found/);
    expect(r.status).toBe(0);
  }, 60_000);

  it("fails a Node module, a server package, an unlisted file (the forged cases)", () => {
    const r = tree.cruise(
      {
        ...TREE,
        "src/channels/channel-kinds.ts":
          'import fs from "node:fs";\nimport pg from "pg";\nimport { connect } from "../db/connect.ts";\nexport const CHANNEL_KINDS = ["email"] as const;\nexport const x = [fs, pg, connect];\n',
        "web/src/forged.tsx":
          'import { connect } from "../../src/db/connect.ts";\nexport const c = connect;\n',
      },
      DIRS,
    );
    expect(r.out).toContain("browser-safe-imports-no-node: src/channels/channel-kinds.ts → fs");
    expect(r.out).toContain("browser-safe-imports-no-node: src/channels/channel-kinds.ts → pg");
    expect(r.out).toContain(
      "browser-values-are-browser-safe: src/channels/channel-kinds.ts → src/db/connect.ts",
    );
    expect(r.out).toContain("browser-values-are-browser-safe: web/src/forged.tsx → src/db/connect.ts");
    expect(r.out).not.toContain("web/src/page.tsx");
    expect(r.out).not.toContain("layout-on-exit-graph");
    expect(r.status).not.toBe(0);
  }, 60_000);
});
