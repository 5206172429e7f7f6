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
const rel = (p) => path.relative(ROOT, p).split(path.sep).join("/");

/** Every file under `dir`, sorted by name at each level, in the order the hashes read them. */
export function filesUnder(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) filesUnder(p, out);
    else out.push(p);
  }
  return out;
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

/**
 * What a build's hash reads: `named`, files whose path enters the hash beside their content (every
 * file of the trees), and `bare`, files whose content alone does.
 */
function serverInputs() {
  return {
    named: filesUnder(path.join(ROOT, "src")),
    bare: ["tsconfig.json", "tsconfig.build.json"].map((f) => path.join(ROOT, f)),
  };
}

function webInputs() {
  return {
    named: [...filesUnder(path.join(WEB, "src")), ...filesUnder(path.join(WEB, "build"))],
    bare: [
      ...["index.html", "vite.config.ts"].map((f) => path.join(WEB, f)),
      ...WEB_SERVER_IMPORTS.map((f) => path.join(ROOT, "src", ...f)),
    ],
  };
}

export function contentHash({ named, bare }) {
  const hash = createHash("sha256");
  for (const p of named) hash.update(rel(p)).update(fs.readFileSync(p));
  for (const p of bare) hash.update(fs.readFileSync(p));
  return hash.digest("hex").slice(0, 16);
}

/** The inputs' paths, sizes and modification times: reads no file's content. */
function statHash({ named, bare }) {
  const hash = createHash("sha256");
  for (const p of [...named, ...bare]) {
    const st = fs.statSync(p);
    hash.update(`${rel(p)}\0${st.size}\0${st.mtimeMs}\n`);
  }
  return hash.digest("hex");
}

/** The hash of what scripts/build.mjs compiles: src/ and the two tsconfig files. */
export function serverSourceHash() {
  return contentHash(serverInputs());
}

/** The hash of the workspace sources; test/support/browser.ts uses it too, so the two share web/dist. */
export function webSourceHash() {
  return contentHash(webInputs());
}

/**
 * Whether the build whose stamp is `stamp` was made from the sources now. Hashing src/'s content
 * (8.5 MB, 1,166 files) took 100-120 ms of CPU on every `baton` start; so the last check that found
 * the build fresh leaves, beside the stamp, the sources' sizes and modification times it saw, and a
 * check that sees the same ones (no file written, added or removed since) reads no content. Any
 * other answer is the content hash's, as before.
 */
export function fresh(stamp, inputs) {
  const want = readOr(stamp);
  if (want === undefined) return false;
  const seen = `${stamp}.stat`;
  const stats = statHash(inputs);
  if (readOr(seen) === `${stats} ${want}`) return true;
  if (contentHash(inputs) !== want) return false;
  try {
    const tmp = `${seen}.${process.pid}`;
    fs.writeFileSync(tmp, `${stats} ${want}`);
    fs.renameSync(tmp, seen);
  } catch {
    /* a read-only install: the content is hashed again next time */
  }
  return true;
}

function readOr(file) {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * dist/ is usable: built from the sources now in src/, or (a deployment that ships dist/ without src/)
 * there are no sources to compare with.
 */
export function serverBuildFresh() {
  if (!fs.existsSync(SERVER_STAMP)) return false;
  if (!fs.existsSync(path.join(ROOT, "src"))) return true;
  return fresh(SERVER_STAMP, serverInputs());
}

export function webBuildFresh() {
  if (!fs.existsSync(WEB_STAMP)) return false;
  if (!fs.existsSync(path.join(WEB, "src"))) return true;
  return fresh(WEB_STAMP, webInputs());
}
