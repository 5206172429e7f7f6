// Runs npm run lint:cycles's command and .dependency-cruiser.cjs on a small tree of a test's own (in
// a temporary directory), so a test can show a rule fires on a forged import and not on the allowed
// ones: a rule that stopped firing (a typo in a path pattern, a changed option) fails there.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const REPO = process.cwd();

export interface CruiseTree {
  /** Writes `files` (path under the tree: text) as the whole of src/ (and web/), then cruises `dirs`. */
  cruise(files: Record<string, string>, dirs?: string[]): { status: number | null; out: string };
  remove(): void;
}

export function cruiseTree(prefix: string): CruiseTree {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    cruise(files, dirs = ["src"]) {
      fs.rmSync(path.join(dir, "src"), { recursive: true, force: true });
      fs.rmSync(path.join(dir, "web"), { recursive: true, force: true });
      for (const [file, text] of Object.entries(files)) {
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
          ...dirs,
          "--config",
          path.join(REPO, ".dependency-cruiser.cjs"),
        ],
        // No colour: under FORCE_COLOR (CI sets it) the reporter splits the rule line with escape codes.
        { cwd: dir, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" } },
      );
      return { status: r.status, out: r.stdout + r.stderr };
    },
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
