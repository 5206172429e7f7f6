// docs/architecture.md is a newcomer's map (issue 59, Deliver 5): every file or folder it names in
// backticks must exist, and every page it links to, so a move or a rename that forgets the map
// fails here instead of sending the next engineer to a file that is gone. docs/performance.md, the
// short reference that sends readers to the journal, is held to the same. And since the dated rounds
// moved to docs/performance-journal.md, a comment or page that cites a round ("performance.md 0m",
// "section 2") must cite the journal, and a heading the journal has.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const CHECKED = ["docs/architecture.md", "docs/performance.md"];
const TOP = /^(src|test|db|docs|bench|web|bin|scripts)\//;

/** The repository paths a page names: `src/…` and the like in backticks, and its relative links. */
function namedPaths(page: string, text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/`([^`\s]+)`/g)) {
    const name = m[1].replace(/[.,;:]+$/, "");
    if (TOP.test(name)) found.add(name);
  }
  for (const m of text.matchAll(/\]\(([^)\s#]+)(#[^)\s]*)?\)/g)) {
    const target = m[1];
    if (/^[a-z]+:/i.test(target)) continue;
    found.add(path.normalize(path.join(path.dirname(page), target)));
  }
  return [...found].sort();
}

function missing(page: string, text: string): string[] {
  return namedPaths(page, text).filter((p) => !fs.existsSync(p));
}

/** The journal's section ids: "1c", "0t.1b", "0.7", "2" (its `## 1c.` and `### 0t.1b` headings). */
function journalSections(text: string): Set<string> {
  return new Set([...text.matchAll(/^#{2,3} (\d[a-z]?(?:\.\d+[a-z]?)?)[. ]/gm)].map((m) => m[1]));
}

/** Each citation of a numbered performance section in `text` that does not name a journal heading. */
function staleCitations(text: string, sections: Set<string>): string[] {
  const cite = /performance(-journal)?\.md\)?`?,? (?:sections? )?(\d[a-z]?(?:\.\d+[a-z]?)?)\b/g;
  return [...text.matchAll(cite)].filter((m) => !m[1] || !sections.has(m[2])).map((m) => m[0]);
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : /\.(ts|sql|md)$/.test(p) ? [p] : [];
  });
}

describe("paths named in the docs", () => {
  for (const page of CHECKED) {
    it(`every path ${page} names exists`, () => {
      const text = fs.readFileSync(page, "utf8");
      expect(namedPaths(page, text).length).toBeGreaterThan(5);
      expect(missing(page, text)).toEqual([]);
    });
  }

  it("a moved file or a broken link is caught", () => {
    const text = [
      "The gates: `src/coordinator/gates/decide.ts` and `src/coordinator/gates/no-such-gate.ts`.",
      "See [the journal](performance-journal.md#0m) and [a page gone](no-such-page.md).",
      "Outside the repository: [spec](https://example.com/spec.md), `/mcp`, `npm run check`.",
    ].join("\n");
    expect(namedPaths("docs/architecture.md", text)).toEqual([
      "docs/no-such-page.md",
      "docs/performance-journal.md",
      "src/coordinator/gates/decide.ts",
      "src/coordinator/gates/no-such-gate.ts",
    ]);
    expect(missing("docs/architecture.md", text)).toEqual([
      "docs/no-such-page.md",
      "src/coordinator/gates/no-such-gate.ts",
    ]);
  });

  it("every performance section a comment or page cites is a heading of the journal", () => {
    const sections = journalSections(fs.readFileSync("docs/performance-journal.md", "utf8"));
    expect(sections.has("0m") && sections.has("1c.6") && sections.has("2")).toBe(true);
    // the pages themselves, and this file, whose forged citations are meant to be stale
    const own = new Set([
      "docs/performance.md",
      "docs/performance-journal.md",
      "test/foundation/docs-paths.test.ts",
    ]);
    const stale = ["src", "test", "bench", "docs", "README.md"]
      .flatMap((p) => (p.endsWith(".md") ? [p] : filesUnder(p)))
      .filter((p) => !own.has(p))
      .flatMap((p) => staleCitations(fs.readFileSync(p, "utf8"), sections).map((c) => `${p}: ${c}`));
    expect(stale).toEqual([]);
    // the forged citations beside the real ones: the old file, and a round the journal lacks
    expect(staleCitations("(docs/performance.md 0m) (docs/performance-journal.md 0m)", sections)).toEqual([
      "performance.md 0m",
    ]);
    expect(staleCitations("docs/performance-journal.md section 9z", sections)).toEqual([
      "performance-journal.md section 9z",
    ]);
  });
});
