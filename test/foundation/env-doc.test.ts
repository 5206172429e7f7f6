// The environment reference in docs/operations.md is generated from src/config/env-vars.ts
// (npm run docs:env), and that list names every variable the code reads, as docs/errors.md does for codes.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENV_VARS, withEnvReference } from "../../src/config/env-vars.ts";

/** Variables read in src/: env.X / env["X"] and (int|bool|…)(env, "X") in src/config, process.env.X anywhere. */
function variablesRead(): Set<string> {
  const names = new Set<string>();
  // config.ts and the files it reads a group of variables with (tracing-config.ts: OTEL_*)
  const config = fs
    .readdirSync("src/config")
    .filter((f) => f.endsWith(".ts") && f !== "env-vars.ts")
    .map((f) => fs.readFileSync(path.join("src/config", f), "utf8"))
    .join("\n");
  for (const m of config.matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g)) names.add(m[1]);
  for (const m of config.matchAll(/\benv\[\s*"([A-Z][A-Z0-9_]*)"\s*\]/g)) names.add(m[1]);
  for (const m of config.matchAll(/\(\s*env\s*,\s*"([A-Z][A-Z0-9_]*)"/g)) names.add(m[1]);
  for (const m of config.matchAll(/startsWith\("([A-Z][A-Z0-9_]*)"\)/g)) names.add(`${m[1]}*`);
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(".ts")) {
        for (const m of fs.readFileSync(p, "utf8").matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g))
          names.add(m[1]);
      }
    }
  };
  walk("src");
  names.delete("NODE_ENV");
  return names;
}

describe("environment reference", () => {
  it("lists every variable the code reads, and only those", () => {
    const listed = ENV_VARS.map((v) => v.name);
    const read = [...variablesRead()].sort();
    expect(
      read.filter((n) => !listed.includes(n)),
      "add these to src/config/env-vars.ts",
    ).toEqual([]);
    expect(
      listed.filter((n) => !read.includes(n)),
      "no longer read: remove from src/config/env-vars.ts",
    ).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
    for (const v of ENV_VARS) expect(v.meaning.length, v.name).toBeGreaterThan(3);
  });

  it("is in sync with docs/operations.md (run npm run docs:env)", () => {
    const doc = fs.readFileSync("docs/operations.md", "utf8");
    expect(withEnvReference(doc)).toBe(doc);
  });
});
