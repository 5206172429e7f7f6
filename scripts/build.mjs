#!/usr/bin/env node
// npm run build: the server and the CLI (src/ → dist/, esbuild: bundled from their entry points, with
// most packages, into a few ES modules; types are checked by `tsc -p .` in npm run check, not here)
// and the workspace (web/src → web/dist, vite). Each output gets a stamp of the sources it was built from
// (scripts/build-stamp.mjs), which `npm start` and bin/baton.js read to tell whether it is fresh.
//
//   node scripts/build.mjs              build both
//   node scripts/build.mjs --if-stale   build only what is missing or older than its sources (npm start)
//   node scripts/build.mjs --if-stale --web   only the workspace (npm run dev)
//
// The server is compiled into dist.next/ and swapped in, so processes already running from dist/ are
// not pulled from under; a lock directory keeps two builds (two test files, two terminals) apart.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  DIST,
  ROOT,
  serverBuildFresh,
  serverSourceHash,
  WEB_STAMP,
  webBuildFresh,
  webSourceHash,
} from "./build-stamp.mjs";

const LOCK = path.join(ROOT, "node_modules", ".cache", "baton-build.lock");

function run(label, args, env = process.env) {
  const t0 = Date.now();
  process.stderr.write(`baton: ${label} … `);
  const r = spawnSync(process.execPath, args, {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
  });
  if (r.status !== 0) {
    process.stderr.write("failed\n");
    process.stderr.write(r.stdout ?? "");
    process.stderr.write(r.stderr ?? "");
    if (r.error) process.stderr.write(`${r.error.message}\n`);
    throw new Error(`${label} failed`);
  }
  process.stderr.write(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

function tool(pkg, bin) {
  const p = path.join(ROOT, "node_modules", pkg, bin);
  if (!fs.existsSync(p)) {
    throw new Error(
      `${pkg} is not installed (it is a dev dependency): run npm install, or build where it is and ship dist/`,
    );
  }
  return p;
}

// What runs from dist/: the server (npm start), the CLI (bin/baton.js) and the worker thread that
// trains a tenant's reply model (src/replies/train-in-worker.ts names its file).
const ENTRY_POINTS = ["main.ts", "cli/main.ts", "replies/train-tenant-model-worker.ts"];

// Packages left to load from node_modules at run time: the embedded database (its WebAssembly and
// data files sit in its package), and the packages that read their own files by __dirname or start
// worker threads from a file of theirs (the API docs' UI and assets, static files, the logger's
// transports), which a bundle would move away from them. Everything else is bundled.
const EXTERNAL = [
  "@electric-sql/pglite",
  "pg-native",
  "@fastify/swagger",
  "@fastify/swagger-ui",
  "@fastify/static",
  "pino",
  "pino-*",
  "thread-stream",
  "date-holidays",
];

// A package loaded by import() stays in node_modules, loaded by Node itself: a CommonJS package
// bundled behind import() in a split chunk would export only `default` (esbuild), where Node also
// gives its named exports (`const { getAlignment } = await import("mailauth/lib/tools.js")` read
// undefined). These are the rarely used paths anyway (mail reading, tracing, the LLM).
const dynamicImportsExternal = {
  name: "dynamic-imports-external",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.kind === "dynamic-import" ? { path: args.path, external: true } : undefined,
    );
  },
};

// A bundled CommonJS package calls require(); an ES module has none, so each chunk makes its own.
const REQUIRE_BANNER =
  'import { createRequire as __batonCreateRequire } from "node:module"; const require = __batonCreateRequire(import.meta.url);';

/**
 * The server and the CLI as a few bundled ES modules, split where the CLI loads a command's module
 * on demand (src/cli/command-modules.ts): an engine worker loads about 80 files where it loaded
 * 1,900 (523 of dist/, 1,360 of node_modules), and starts on 1.3 CPU-seconds where it took 3.1
 * (docs/operations.md, "npm run build").
 */
async function compileServer(outdir) {
  const t0 = Date.now();
  process.stderr.write("baton: compiling the server and the CLI (src/ → dist/) … ");
  let esbuild;
  try {
    esbuild = await import("esbuild");
  } catch {
    throw new Error(
      "esbuild is not installed (it comes with the dev dependencies): run npm install, or build where it is and ship dist/",
    );
  }
  await esbuild.build({
    entryPoints: ENTRY_POINTS.map((f) => path.join(ROOT, "src", f)),
    outbase: path.join(ROOT, "src"),
    outdir,
    bundle: true,
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    external: EXTERNAL,
    plugins: [dynamicImportsExternal],
    format: "esm",
    platform: "node",
    target: "node20.19",
    banner: { js: REQUIRE_BANNER },
    sourcemap: true,
    sourcesContent: false,
    logLevel: "silent",
    tsconfig: path.join(ROOT, "tsconfig.build.json"),
  });
  process.stderr.write(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

async function buildServer() {
  const want = serverSourceHash();
  const next = `${DIST}.next`;
  fs.rmSync(next, { recursive: true, force: true });
  await compileServer(next);
  fs.writeFileSync(path.join(next, ".build-hash"), want);
  const old = `${DIST}.old`;
  fs.rmSync(old, { recursive: true, force: true });
  if (fs.existsSync(DIST)) fs.renameSync(DIST, old);
  fs.renameSync(next, DIST);
  fs.rmSync(old, { recursive: true, force: true });
}

function buildWeb() {
  const want = webSourceHash();
  run(
    "building the workspace (web/ → web/dist/)",
    [tool("vite", "bin/vite.js"), "build", "--config", "web/vite.config.ts", "--logLevel", "warn"],
    { ...process.env, NODE_ENV: "production" },
  );
  fs.writeFileSync(WEB_STAMP, want);
}

// test/support/browser.ts builds web/dist under this lock too (same stamp, same hash)
const WEB_LOCK = path.join(ROOT, "test-artifacts", ".web-build.lock");

async function withLock(lock, fn, staleMs) {
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // another build is running; a lock older than staleMs is from a crashed one
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > staleMs) fs.rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

const { values } = parseArgs({
  options: { "if-stale": { type: "boolean" }, web: { type: "boolean" }, server: { type: "boolean" } },
});
const both = !values.web && !values.server;
const wantServer = both || values.server;
const wantWeb = both || values.web;
const ifStale = values["if-stale"];

try {
  if (ifStale && (!wantServer || serverBuildFresh()) && (!wantWeb || webBuildFresh())) process.exit(0);
  await withLock(
    LOCK,
    async () => {
      // re-checked inside the locks: a concurrent build may just have made them fresh
      if (wantServer && !(ifStale && serverBuildFresh())) await buildServer();
      if (wantWeb && !(ifStale && webBuildFresh())) {
        await withLock(WEB_LOCK, () => (ifStale && webBuildFresh() ? undefined : buildWeb()), 120_000);
      }
    },
    300_000,
  );
} catch (e) {
  console.error(`baton: build: ${e.message}`);
  process.exit(1);
}
