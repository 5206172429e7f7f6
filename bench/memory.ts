// npm run bench:memory: does the server's memory come back after load? (issue 58, Deliver 4: the
// review measured 144 → 247 → 213 MB, idle → peak → after). The server runs in this process (the
// HTTP app on a listening port, as src/main.ts serves it), the load in a child process (its memory
// is not counted): BENCH_REQUESTS requests (default 20,000) from BENCH_CONCURRENCY clients (16)
// over a mix of reads of many routes, writes, refusals (400, 404) and the OpenAPI document. It
// prints RSS and V8's heap at idle (every route once first, so lazy compilation is not counted as
// load), the peak during load (sampled every 50 ms), and after the load with a forced GC, and
// which of V8's spaces hold what. Run with --expose-gc (the npm script does).
// Env: BENCH_DB=postgres (default; DATABASE_URL / TEST_DATABASE_URL name the server) or pglite (a
// data directory on disk, as the server's); BENCH_ONLY=<part of a URL> loads only those requests.
import "../src/runtime/errors.ts";
import { fork } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import { buildApp } from "../src/api/build-app.ts";
import { loadConfig } from "../src/config/config.ts";
import { type Database, openDatabase } from "../src/db/connect.ts";
import { migrate } from "../src/db/migrate.ts";
import { buildAppDeps } from "../src/runtime/engine.ts";
import { createTenant } from "../test/support/tenant.ts";
import { defaultBenchUrl, ensureDatabase } from "./support/baseline.ts";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const KIND = process.env.BENCH_DB === "pglite" ? "pglite" : "postgres";
const MB = (n: number) => Math.round(n / 1e5) / 10;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc (npm run bench:memory)");

async function settle() {
  for (let i = 0; i < 3; i++) {
    gc!();
    await new Promise((r) => setTimeout(r, 500));
  }
}

function snapshot(label: string) {
  const m = process.memoryUsage();
  const spaces = Object.fromEntries(
    v8.getHeapSpaceStatistics().map((s) => [s.space_name.replace("_space", ""), MB(s.space_size)]),
  );
  const row = {
    label,
    rss: MB(m.rss),
    heapTotal: MB(m.heapTotal),
    heapUsed: MB(m.heapUsed),
    external: MB(m.external),
    arrayBuffers: MB(m.arrayBuffers),
  };
  console.log(JSON.stringify({ ...row, spaces }));
  return row;
}

async function open(): Promise<Database> {
  if (KIND === "pglite") {
    // on disk, as the server opens it: an in-memory PGlite keeps its files in this process's memory
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-bench-memory-"));
    process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    const db = await openDatabase({ dataDir: path.join(dir, "data") });
    await migrate(db.db);
    return db;
  }
  const url = await ensureDatabase(defaultBenchUrl(), process.env.BENCH_PG_DB ?? "baton_bench_memory");
  const db = await openDatabase({ url, poolSize: 10 });
  await migrate(db.db);
  return db;
}

// the load: one child process, CONCURRENCY clients each sending its next request when answered
const LOAD = `
process.once("message", async ({ base, auth, total, concurrency, paths }) => {
  let next = 0, done = 0, failed = 0;
  async function client() {
    while (next < total) {
      const i = next++;
      const p = paths[i % paths.length];
      const init = { method: p.method, headers: { authorization: auth } };
      if (p.body) { init.headers["content-type"] = "application/json"; init.body = JSON.stringify(p.body).replace("{i}", String(i)); }
      const r = await fetch(base + p.url, init);
      await r.arrayBuffer();
      if (r.status >= 500) failed++;
      done++;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, client));
  process.send({ done, failed });
});
`;

const PATHS = [
  "/api/v1/me",
  "/api/v1/suppressions?limit=50",
  "/api/v1/campaigns",
  "/api/v1/plays",
  "/api/v1/plays/queue",
  "/api/v1/cohort",
  "/api/v1/events",
  "/api/v1/flags",
  "/api/v1/handoffs",
  "/api/v1/notifications",
  "/api/v1/workspace/contacts",
  "/api/v1/workspace/dashboard",
  "/api/v1/mailboxes",
  "/api/v1/sending-domains",
  "/api/v1/replies/triage",
  "/api/v1/no-such-route",
  "/docs/json",
].map((url) => ({ method: "GET", url }));
// a 2,000-row dry run (about 150 kB) and a body of 900 kB the schema refuses: large bodies, as a
// workspace's import and a fuzzer send them
const csv = ["Email,Name", ...Array.from({ length: 2000 }, (_, i) => `p${i}@example.com,Person ${i}`)].join(
  "\n",
);
PATHS.push(
  {
    method: "POST",
    url: "/api/v1/suppressions",
    body: { kind: "email", value: "bench-{i}@example.com", reason: "memory bench" },
  } as never,
  { method: "POST", url: "/api/v1/suppressions", body: { kind: "nope" } } as never,
  {
    method: "POST",
    url: "/api/v1/imports",
    body: { csv, mapping: { email: "Email", full_name: "Name" }, dry_run: true },
  } as never,
  {
    method: "POST",
    url: "/api/v1/suppressions",
    body: { kind: "email", value: "x".repeat(900_000), reason: "r" },
  } as never,
);

// BENCH_ONLY: only the requests whose URL contains it (to find which ones grow the memory)
const ONLY = process.env.BENCH_ONLY;
const LOADED = ONLY ? PATHS.filter((p) => p.url.includes(ONLY)) : PATHS;

const database = await open();
const tenant = await createTenant(database.db, "mem");
const config = { ...loadConfig({ BATON_RATE_LIMIT_BURST: "0" }), demo: false, runEngine: false };
const deps = buildAppDeps({ database, config, now: () => new Date() });
const app = await buildApp(deps);
const base = await app.listen({ host: "127.0.0.1", port: 0 });
await settle();
snapshot("started");

async function load(total: number, paths = LOADED) {
  const child = fork("--input-type=module", [], { execArgv: ["--input-type=module", "-e", LOAD] });
  child.send({ base, auth: tenant.revops.auth.authorization, total, concurrency: CONCURRENCY, paths });
  return new Promise<{ done: number; failed: number }>((resolve, reject) => {
    child.once("message", (m) => resolve(m as { done: number; failed: number }));
    child.once("error", reject);
  }).finally(() => child.kill());
}

// every route once: lazily compiled validators and serializers belong to the idle server
await load(PATHS.length * 2, PATHS);
await settle();
const idle = snapshot("idle (every route once, GC)");

let peak = idle.rss;
const sampler = setInterval(() => {
  peak = Math.max(peak, MB(process.memoryUsage().rss));
}, 50);
const t0 = Date.now();
const r = await load(REQUESTS);
clearInterval(sampler);
console.log(
  `load: ${r.done} requests in ${((Date.now() - t0) / 1000).toFixed(1)} s, ${r.failed} answered 5xx`,
);
snapshot("right after the load");
await settle();
const after = snapshot("after the load, GC");
await new Promise((res) => setTimeout(res, 10_000));
await settle();
const later = snapshot("10 s later, GC");
console.log(
  `\n${KIND}: idle ${idle.rss} MB, peak ${peak} MB, after load + GC ${after.rss} MB (${Math.round(
    (100 * (after.rss - idle.rss)) / idle.rss,
  )}% over idle), 10 s later ${later.rss} MB; heap used ${idle.heapUsed} → ${after.heapUsed} MB`,
);
await app.close();
await database.close();
