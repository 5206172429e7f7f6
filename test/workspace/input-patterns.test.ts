// Every `pattern` attribute of the workspace's inputs compiles as a browser compiles it. HTML
// compiles a pattern as `^(?:pattern)$` with the `v` flag, where `-`, `(`, `)`, `[`, `{`, `/` and `|`
// must be escaped inside a class. A pattern that does not compile is ignored: the field is then not
// checked at all, and Chromium says so only in its console ("Pattern attribute value … is not a
// valid regular expression"), which no test read. The sign-in page's workspace field had one
// (`[A-Za-z0-9_-]`), found in 2026-12 by a browser run that printed the console.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const WEB_SRC = path.resolve(import.meta.dirname, "../../web/src");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx$/.test(e.name) ? [p] : [];
  });
}

/** the literal `pattern="…"` attributes of the workspace's JSX (JSX keeps a backslash as written) */
function patterns(): { file: string; pattern: string }[] {
  return sources(WEB_SRC).flatMap((file) =>
    [...fs.readFileSync(file, "utf8").matchAll(/\bpattern="([^"]*)"/g)].map((m) => ({
      file: path.relative(WEB_SRC, file),
      pattern: m[1] as string,
    })),
  );
}

/** true when a browser would use the pattern (the HTML standard's compilation) */
function compiles(pattern: string): boolean {
  try {
    new RegExp(`^(?:${pattern})$`, "v");
    return true;
  } catch {
    return false;
  }
}

describe("the workspace's input patterns", () => {
  it("finds the patterns it checks", () => {
    expect(patterns().map((p) => p.file)).toEqual(
      expect.arrayContaining(["pages/sign-in-page.tsx", "pages/admin-tokens.tsx"]),
    );
  });

  it("compiles every pattern with the v flag, as a browser does", () => {
    expect(patterns().filter((p) => !compiles(p.pattern))).toEqual([]);
  });

  it("tells a pattern a browser ignores from one it uses", () => {
    expect(compiles("[A-Za-z0-9][A-Za-z0-9_-]*")).toBe(false);
    expect(compiles("[A-Za-z0-9][A-Za-z0-9_\\-]*")).toBe(true);
  });

  it("the sign-in page's workspace field takes a workspace's name and refuses the rest", () => {
    const field = patterns().find((p) => p.file === "pages/sign-in-page.tsx")!;
    const re = new RegExp(`^(?:${field.pattern})$`, "v");
    for (const ok of ["acme", "acme-eu", "a_1"]) expect(re.test(ok)).toBe(true);
    for (const bad of ["-acme", "acme eu", "acme/eu", ""]) expect(re.test(bad)).toBe(false);
  });
});
