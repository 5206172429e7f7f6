// No function in src/ is over 150 lines (issue 70 item 3): a long function is several stages
// that deserve names, and a route registrar only maps paths to the route files beside it. The
// measure is the architecture figures' own (scripts/architecture-figures.mjs: a function's lines
// from its first to its last, nested functions counted in their parent too), so this test and
// docs/architecture.md's figures agree.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { functionLengths, srcFunctionLengths } from "../../scripts/architecture-figures.mjs";

const LIMIT = 150;

/** Functions allowed over the limit for now, each with why; one that is split leaves this list. */
const EXCEPTIONS = new Map<string, string>([]);

const key = (f: { file: string; name: string }) => `${f.file} ${f.name}`;

describe("functions in src/ are at most 150 lines", () => {
  const fns = srcFunctionLengths();

  it("has none over 150 lines but the named exceptions", () => {
    expect(fns.length).toBeGreaterThan(1000);
    const over = fns.filter((f) => f.lines > LIMIT && !EXCEPTIONS.has(key(f)));
    expect(over.map((f) => `${f.lines}  ${key(f)}`)).toEqual([]);
  });

  it("lists no exception that is no longer over the limit", () => {
    const still = new Set(fns.filter((f) => f.lines > LIMIT).map(key));
    expect([...EXCEPTIONS.keys()].filter((k) => !still.has(k))).toEqual([]);
  });

  it("catches a function of 151 lines (the forged case)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fn-length-"));
    const file = path.join(dir, "long.ts");
    const body = Array.from({ length: LIMIT - 1 }, (_, i) => `  const v${i} = ${i};`).join("\n");
    fs.writeFileSync(file, `export function long() {\n${body}\n}\n`);
    try {
      expect(functionLengths([file])).toEqual([{ file, name: "long", lines: LIMIT + 1 }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
