// The value-only folder knot stays at 2 folders or fewer (issue 70 item 2): the largest set of
// src/ folders that import each other in a cycle, `import type` not counted. It was 21 folders
// until channels/adapter-commands.ts moved to cli/, engine/bounces.ts to inbox/ and the contact keys
// to their own leaf folder; a new import that ties folders together again fails here, in CI, with
// the folders and the imports that tie them. The figures command (scripts/architecture-figures.mjs)
// counts the same knot with dependency-cruiser in ~20 s; this reads the import lines themselves
// (under a second), and checks that both agree on today's tree.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BEGIN, components, END } from "../../scripts/architecture-figures.mjs";

const MAX_KNOT = 2;

// a static import or re-export that is not `import type` / `export type`, and a dynamic import()
const STATIC = /^\s*(?:import|export)\s+(?!type\b)(?:[^;"'`]*?\s+from\s+)?["'](\.{1,2}\/[^"']+)["']/gm;
const DYNAMIC = /\bimport\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

type Arrows = Map<string, Map<string, string>>; // folder -> folder -> one importing file

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const folderOf = (file: string) => path.relative("src", file).split(path.sep)[0];

/** The folder graph of src/ from its value imports, with one importing file for each arrow. */
function folderArrows(files: Record<string, string>): Arrows {
  const arrows: Arrows = new Map();
  for (const [file, text] of Object.entries(files)) {
    const from = folderOf(file);
    if (!from || from.endsWith(".ts")) continue; // src/main.ts: the root, above every folder
    for (const m of [...text.matchAll(STATIC), ...text.matchAll(DYNAMIC)]) {
      const to = folderOf(path.join(path.dirname(file), m[1]));
      if (!to || to === from || to.startsWith("..") || to.endsWith(".ts")) continue;
      if (!arrows.has(from)) arrows.set(from, new Map());
      arrows.get(from)?.set(to, arrows.get(from)?.get(to) ?? file);
    }
  }
  return arrows;
}

function largestKnot(arrows: Arrows): string[] {
  const graph = new Map([...arrows].map(([f, tos]) => [f, new Set(tos.keys())]));
  const all: string[][] = components(graph);
  return all.reduce<string[]>((a, c) => (c.length > a.length ? c : a), []);
}

/** The arrows inside a knot, each with a file that makes it: what to cut. */
function ties(arrows: Arrows, knot: string[]): string[] {
  return knot.flatMap((f) =>
    [...(arrows.get(f) ?? [])]
      .filter(([to]) => knot.includes(to))
      .map(([to, file]) => `${f} -> ${to} (${file})`),
  );
}

const readTree = () => Object.fromEntries(sourceFiles("src").map((f) => [f, fs.readFileSync(f, "utf8")]));

describe("the value-only folder knot", () => {
  const tree = readTree();
  const arrows = folderArrows(tree);
  const knot = largestKnot(arrows);

  it(`holds ${MAX_KNOT} folders or fewer`, () => {
    expect(knot.length > MAX_KNOT ? ties(arrows, knot) : []).toEqual([]);
  });

  it("is the figure docs/architecture.md's block gives (the command counts the same knot)", () => {
    const text = fs.readFileSync("docs/architecture.md", "utf8");
    const block = text.slice(text.indexOf(BEGIN), text.indexOf(END));
    const quoted = /value-only folder knot[^:]*: (\d+) folders/.exec(block)?.[1];
    expect(knot.length <= 1 ? "0 or 1" : String(knot.length)).toBe(Number(quoted) <= 1 ? "0 or 1" : quoted);
  });

  it("catches a forged import that ties a leaf folder back in (the forged case)", () => {
    const forged = {
      ...tree,
      "src/contact-keys/forged.ts": 'import { importContacts } from "../prospects/import-contacts.ts";\n',
      "src/prospects/forged.ts":
        'export { x } from "../crm/index.ts";\nconst m = import("../signals/index.ts");\n',
    };
    const forgedKnot = largestKnot(folderArrows(forged));
    expect(forgedKnot.length).toBeGreaterThan(MAX_KNOT);
    expect(forgedKnot).toContain("contact-keys");
    // a type-only import ties nothing
    const typeOnly = {
      ...tree,
      "src/contact-keys/forged.ts": 'import type { ImportResult } from "../prospects/import-contacts.ts";\n',
    };
    expect(largestKnot(folderArrows(typeOnly))).toEqual(knot);
  });
});
