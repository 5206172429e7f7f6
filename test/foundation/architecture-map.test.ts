// The map stays true (issue 70 item 5): docs/architecture.md names every top-level folder of src/,
// in its table of folders and in its layers, so a new capability's folder cannot land unmapped.
// (That every path it names exists is test/foundation/docs-paths.test.ts.) Its figures are not typed
// in: they sit between the arch-figures markers, written by `npm run arch:figures -- --write`
// (scripts/architecture-figures.mjs, which reads the layers with the same layersOf as here). The
// figures take dependency-cruiser ~20 s, so this checks that the block is the command's, not that
// its numbers are today's.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { BEGIN, components, END, layersOf } from "../../scripts/architecture-figures.mjs";

const ARCH = "docs/architecture.md";

const srcFolders = () =>
  fs
    .readdirSync("src", { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

/** The folders of `folders` the page leaves out of its table (a row starting `src/x`) or its layers. */
function unmapped(text: string, folders: string[]): string[] {
  const table = new Set([...text.matchAll(/^\| `src\/([^`/]+)`/gm)].map((m) => m[1]));
  // a row may name several folders: | `src/learning`, `src/meetings`, ... |
  for (const m of text.matchAll(/^\|((?: ?`src\/[^`/]+`,?)+) \|/gm))
    for (const f of m[1].matchAll(/`src\/([^`/]+)`/g)) table.add(f[1]);
  const layers = layersOf(text);
  return folders.flatMap((f) => [
    ...(table.has(f) ? [] : [`${f}: no row in the table of folders`]),
    ...(layers.has(f) ? [] : [`${f}: not in the layers`]),
  ]);
}

describe("docs/architecture.md maps every folder of src/", () => {
  const text = fs.readFileSync(ARCH, "utf8");

  it("names every top-level folder of src/ in its table and its layers", () => {
    expect(srcFolders().length).toBeGreaterThan(30);
    expect(unmapped(text, srcFolders())).toEqual([]);
  });

  it("a folder missing from the map is caught (the forged case)", () => {
    const forged = text.replace(/^\| `src\/teams` .*\n/m, "").replace(/ src\/teams\b/, "");
    expect(unmapped(forged, srcFolders())).toEqual([
      "teams: no row in the table of folders",
      "teams: not in the layers",
    ]);
    expect(unmapped(text, [...srcFolders(), "new-capability"])).toEqual([
      "new-capability: no row in the table of folders",
      "new-capability: not in the layers",
    ]);
  });

  it("puts the simulator in src/simulation, not in the engine", () => {
    const engineRow = /^\| `src\/engine` \|.*$/m.exec(text)?.[0] ?? "";
    expect(engineRow).not.toMatch(/simulat/);
    expect(text).toMatch(/^\| `src\/simulation` \|.*simulate/m);
  });

  it("carries its figures in the block the command writes", () => {
    const start = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const block = text.slice(start, end);
    expect(block).toMatch(/Figures from `npm run arch:figures`.*measured on \d{4}-\d{2}-\d{2}/);
    expect(block).toMatch(/value-only folder knot .*: \d+ folders/);
    // the page quotes no knot figure outside the block: a typed-in figure goes stale
    expect(text.slice(0, start) + text.slice(end)).not.toMatch(/knot[^.\n]*\b\d+ folders/);
  });

  it("the knot is the largest strongly connected component of the folder graph", () => {
    const g = new Map<string, Set<string>>([
      ["a", new Set(["b"])],
      ["b", new Set(["c"])],
      ["c", new Set(["a", "d"])],
      ["d", new Set(["e"])],
      ["e", new Set()],
    ]);
    expect(components(g)[0]).toEqual(["a", "b", "c"]);
  });
});
