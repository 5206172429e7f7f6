// docs/architecture.md is a newcomer's map (issue 59, Deliver 5): every file or folder it names in
// backticks must exist, and every page it links to, so a move or a rename that forgets the map
// fails here instead of sending the next engineer to a file that is gone. docs/performance.md, the
// short reference that sends readers to the journal, is held to the same.
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
});
