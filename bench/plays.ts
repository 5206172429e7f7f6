// npm run bench:plays: activations per second (the cap-checked, lock-taking write of spec 000) and the
// AGT-302 hot-path read (active plays of a segment) per second, on PGlite and on PostgreSQL, with the
// pgbench tpcb-like baseline on the same server (shared noisy machines: the ratio is what compares).
// Env: DATABASE_URL / TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test),
// BENCH_PLAYS (plays activated, default 400), BENCH_READS (hot-path reads, default 4000),
// BENCH_CLIENTS (PostgreSQL concurrency, default 8), BENCH_SECONDS (pgbench, default 10), BENCH_PGLITE=0
// (the server only).
import "../src/runtime/errors.ts";
import os from "node:os";
import { PGlite } from "@electric-sql/pglite";
import { type Kysely, sql } from "kysely";
import { type Database, openDatabase } from "../src/db/connect.ts";
import type { DB } from "../src/db/database.ts";
import { migrate } from "../src/db/migrate.ts";
import { approvePlay } from "../src/plays/approve-play.ts";
import { activePlaysForSegment } from "../src/plays/play-queries.ts";
import { playsUnderReview } from "../test/support/plays-under-review.ts";
import { createTenant, type Tenant } from "../test/support/tenant.ts";
import { defaultBenchUrl, ensureDatabase, ratio, runPgbenchBaseline } from "./support/baseline.ts";
import { cpuMsOf } from "./support/engine-profile.ts";

const PLAYS = Number(process.env.BENCH_PLAYS ?? 400);
const READS = Number(process.env.BENCH_READS ?? 4000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CAP = 8;
const stamp = () => `load ${os.loadavg()[0].toFixed(2)} at ${new Date().toISOString().slice(11, 19)}Z`;

/** PLAYS plays in under_review with the SLM approval, over PLAYS/CAP segments of cap 8 (so none is refused). */
async function prepare(db: Kysely<DB>): Promise<{ t: Tenant; ids: string[]; segments: string[] }> {
  const t = await createTenant(db, "bench");
  const segments = Array.from({ length: Math.ceil(PLAYS / CAP) }, (_, i) => `bench_${i}`);
  await db
    .insertInto("segments")
    .values(segments.map((segment) => ({ client_id: t.clientId, segment, name: segment, play_cap: CAP })))
    .execute();
  const ids = await playsUnderReview(db, t, PLAYS, { segment: "bench_", perSegment: CAP }, { name: "Bench" });
  return { t, ids, segments };
}

async function pool<T>(items: T[], concurrency: number, fn: (x: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/** CPU ms so far of this process and of the server's backends on this database (none on PGlite). */
async function cpuNow(
  database: Database,
  server: boolean,
): Promise<{ node: number; backends: Map<number, number> }> {
  const usage = process.cpuUsage();
  const backends = new Map<number, number>();
  if (server) {
    const r = await sql<{
      pid: number;
    }>`select pid from pg_stat_activity where datname = current_database()`.execute(database.db);
    for (const { pid } of r.rows) backends.set(pid, cpuMsOf(pid));
  }
  return { node: (usage.user + usage.system) / 1000, backends };
}

async function measure(name: string, database: Database, concurrency: number, server = true) {
  const { t, ids, segments } = await prepare(database.db);
  const now = new Date();
  const cpu0 = await cpuNow(database, server);
  let start = performance.now();
  await pool(ids, concurrency, (id) => approvePlay(database.db, t.revops, id, {}, now));
  const activations = ids.length / ((performance.now() - start) / 1000);
  const cpu1 = await cpuNow(database, server);
  let backendMs = 0;
  for (const [pid, ms] of cpu1.backends) backendMs += ms - (cpu0.backends.get(pid) ?? 0);
  const cpuPer = `CPU/activation ${((cpu1.node - cpu0.node) / ids.length).toFixed(2)} ms Node${
    server ? ` + ${(backendMs / ids.length).toFixed(2)} ms PostgreSQL` : ""
  }`;
  const active = await database.db
    .selectFrom("plays")
    .select(sql<number>`count(*)`.as("n"))
    .where("client_id", "=", t.clientId)
    .where("state", "=", "active")
    .executeTakeFirstOrThrow();
  if (Number(active.n) !== ids.length) throw new Error(`expected ${ids.length} active, got ${active.n}`);
  const reads = Array.from({ length: READS }, (_, i) => segments[i % segments.length]);
  start = performance.now();
  await pool(reads, concurrency, async (segment) => {
    const items = await activePlaysForSegment(database.db, t.revops, segment, now);
    if (items.length !== CAP && segment !== segments.at(-1))
      throw new Error(`segment ${segment}: ${items.length} active`);
  });
  const hotReads = READS / ((performance.now() - start) / 1000);
  console.log(
    `${name.padEnd(28)} activations/s ${activations.toFixed(0).padStart(7)}   hot-path reads/s ${hotReads.toFixed(0).padStart(7)}   (${ids.length} activations, ${READS} reads, concurrency ${concurrency}; ${cpuPer}; ${stamp()})`,
  );
  return { activations, hotReads };
}

async function main() {
  console.log(`bench:plays  plays=${PLAYS} reads=${READS} clients=${CLIENTS}\n`);
  if (process.env.BENCH_PGLITE !== "0") {
    const pglite = await PGlite.create();
    const embedded = await openDatabase({ pglite });
    await migrate(embedded.db);
    await measure("PGlite (in-process)", embedded, 1, false);
    await embedded.close();
  }

  const base = defaultBenchUrl();
  let url: string;
  try {
    url = await ensureDatabase(base, "baton_bench_plays");
  } catch (e) {
    console.log(`\nPostgreSQL not reachable at ${base.replace(/\/\/[^@]*@/, "//")}: ${(e as Error).message}`);
    return;
  }
  const server = await openDatabase({ url, poolSize: CLIENTS });
  await migrate(server.db);
  const pg1 = await measure("PostgreSQL (1 client)", server, 1);
  const pgN = await measure(`PostgreSQL (${CLIENTS} clients)`, server, CLIENTS);
  await server.close();
  const baseline = await runPgbenchBaseline(base, { clients: CLIENTS, seconds: SECONDS });
  console.log(
    `\npgbench tpcb-like, ${CLIENTS} clients, ${SECONDS}s: ${baseline.tps.toFixed(0)} tps, CPU ${baseline.cpuPerTx?.toFixed(2) ?? "?"} ms/tx (${stamp()})`,
  );
  console.log(
    `activations vs pgbench tps:      1 client ${ratio(pg1.activations, baseline.tps)}, ${CLIENTS} clients ${ratio(pgN.activations, baseline.tps)}`,
  );
  console.log(
    `hot-path reads vs pgbench tps:   1 client ${ratio(pg1.hotReads, baseline.tps)}, ${CLIENTS} clients ${ratio(pgN.hotReads, baseline.tps)}`,
  );
}

await main();
