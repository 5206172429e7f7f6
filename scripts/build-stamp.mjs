// Build stamps: a hash of the sources a build was made from, written beside its output. A build is
// fresh when its stamp equals the hash of the sources now. Read by bin/baton.js on every start, so it
// stays small and loads nothing but node: built-ins.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DIST = path.join(ROOT, "dist");
export const SERVER_STAMP = path.join(DIST, ".build-hash");
export const WEB = path.join(ROOT, "web");
export const WEB_STAMP = path.join(WEB, "dist", ".build-hash");

// Paths enter the hash relative to the root (with / on every system): a tree built in one directory is
// fresh in another (a production install copies it; issue 41 item 6).
function walk(hash, dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(hash, p);
    else hash.update(path.relative(ROOT, p).split(path.sep).join("/")).update(fs.readFileSync(p));
  }
}

/** The server modules the workspace imports (web/build/play-validators.ts, web/src/drafts.ts, csv-export.tsx). */
const WEB_SERVER_IMPORTS = [
  ["plays", "play-documents.ts"],
  ["prospects", "write-csv.ts"],
  ["drafting", "unfinished.ts"],
  ["campaigns", "layout-on-exit-graph.ts"],
  ["campaigns", "exit-reasons.ts"],
  ["campaigns", "definition-vocabulary.ts"],
  ["events", "timeline-story.ts"],
  ["plays", "read-proposal.ts"],
];

/** The hash of what scripts/build.mjs compiles: src/ and the two tsconfig files. */
export function serverSourceHash() {
  const hash = createHash("sha256");
  walk(hash, path.join(ROOT, "src"));
  for (const f of ["tsconfig.json", "tsconfig.build.json"]) hash.update(fs.readFileSync(path.join(ROOT, f)));
  return hash.digest("hex").slice(0, 16);
}

/** The hash of the workspace sources; test/support/browser.ts uses it too, so the two share web/dist. */
export function webSourceHash() {
  const hash = createHash("sha256");
  walk(hash, path.join(WEB, "src"));
  walk(hash, path.join(WEB, "build"));
  for (const f of ["index.html", "vite.config.ts"]) hash.update(fs.readFileSync(path.join(WEB, f)));
  for (const f of WEB_SERVER_IMPORTS) hash.update(fs.readFileSync(path.join(ROOT, "src", ...f)));
  return hash.digest("hex").slice(0, 16);
}

function stampIs(file, want) {
  try {
    return fs.readFileSync(file, "utf8") === want;
  } catch {
    return false;
  }
}

/**
 * dist/ is usable: built from the sources now in src/, or (a deployment that ships dist/ without src/)
 * there are no sources to compare with.
 */
export function serverBuildFresh() {
  if (!fs.existsSync(SERVER_STAMP)) return false;
  if (!fs.existsSync(path.join(ROOT, "src"))) return true;
  return stampIs(SERVER_STAMP, serverSourceHash());
}

export function webBuildFresh() {
  if (!fs.existsSync(WEB_STAMP)) return false;
  if (!fs.existsSync(path.join(WEB, "src"))) return true;
  return stampIs(WEB_STAMP, webSourceHash());
}
