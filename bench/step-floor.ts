// npm run bench:step-floor — the floor under issue 14's item 2 (docs/performance-journal.md 0m): the rows one
// engine step writes (the bench's one-step nurture campaign: four event rows, the enrollment's and
// the contact's updates, the draft, the send item, the ledger, the message, the CRM outbox), written
// by hand as set-based SQL (bench/support/step-floor.sql) and run by pgbench's C client with prepared
// statements, BENCH_BATCH steps a batch (default 50 and 200, the engine's adaptive batch), committed where
// the engine's pass commits and then in one transaction, on Baton's schema
// with all its indexes, keys, checks and triggers. No gate reads, no Node: no
// arrangement of the engine that writes the same rows can cost less CPU a step. Beside it in the
// same run: pgbench tpcb-like and the graphile-worker peer's gated job, as bench:engine runs them.
// Beside the floor, in the same rounds: the lean step's floor (bench/support/step-floor-lean.sql,
// issue 39 items 1-3: nine rows a step, the ledger once, the claim a row lock, nothing twice), and
// its ratio to the floor of today's design.
// Env: DATABASE_URL/TEST_DATABASE_URL, BENCH_BATCH (comma list, default 50,200), BENCH_SECONDS (10),
// BENCH_CLIENTS (4), BENCH_SLOTS (enrollments, default 40,000), BENCH_PEER_JOBS (10,000).
import "../src/runtime/errors.ts";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import { openDatabase } from "../src/db/connect.ts";
import type { DB } from "../src/db/database.ts";
import { migrate } from "../src/db/migrate.ts";
import {
  createFloorCampaign,
  prepareStepFloor,
  STEP_FLOOR_LEAN_SCRIPT,
  STEP_FLOOR_SCRIPT,
  STEP_FLOOR_TWO_PHASE_SCRIPT,
  seedFloorSlots,
} from "../test/support/step-floor.ts";
import { defaultBenchUrl, ensureDatabase, runPgbench, runPgbenchBaseline } from "./support/baseline.ts";
import { walLsn, walSince } from "./support/engine-profile.ts";
import { runGraphilePeer } from "./support/graphile-peer.ts";

const BATCHES = (process.env.BENCH_BATCH ?? "50,200").split(",").map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const SLOTS = Number(process.env.BENCH_SLOTS ?? 40_000);
const PEER_JOBS = Number(process.env.BENCH_PEER_JOBS ?? 10_000);
/**
 * Today's step (step-floor.sql, since issue 39 items 1 and 3), the step before them
 * (step-floor-two-phase.sql) and the lean one (step-floor-lean.sql), and where each commits.
 */
const SCRIPTS = [
  { step: "today's", file: STEP_FLOOR_SCRIPT, split: "the engine's three", whole: "one" },
  { step: "two-phase", file: STEP_FLOOR_TWO_PHASE_SCRIPT, split: "the engine's six", whole: "one" },
  { step: "lean", file: STEP_FLOOR_LEAN_SCRIPT, split: "the lean engine's three", whole: "three" },
] as const;
const load = () => Number(os.loadavg()[0].toFixed(2));
const log = (m: string) =>
  console.log(`[bench:step-floor] ${new Date().toISOString().slice(11, 19)} load ${load()} ${m}`);

/** Baton's schema with the floor's tenant, campaign, SLOTS exited enrollments and the slots' map. */
async function setUp(db: Kysely<DB>): Promise<void> {
  await migrate(db);
  await seedFloorSlots(db, await createFloorCampaign(db), SLOTS);
  await sql`analyze`.execute(db);
}

/** The floor on PGlite: one process, so its wall time is its CPU. */
async function embeddedFloor(batch: number, split: boolean, seconds: number, script: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-step-floor-"));
  const database = await openDatabase({ dataDir: path.join(dir, "data") });
  try {
    const db = database.db;
    await setUp(db);
    const runBatch = await prepareStepFloor(db, split, script);
    const runFor = async (ms: number) => {
      const until = performance.now() + ms;
      let n = 0;
      const t0 = performance.now();
      while (performance.now() < until) {
        await runBatch(
          Math.floor(Math.random() * (SLOTS - batch)),
          batch,
          String(Math.floor(Math.random() * 1e12)),
        );
        n++;
      }
      return { n, ms: performance.now() - t0 };
    };
    await runFor(3000); // warm-up
    const cpu0 = process.cpuUsage();
    const { n, ms } = await runFor(seconds * 1000);
    const cpu = process.cpuUsage(cpu0);
    return {
      step: SCRIPTS.find((x) => x.file === script)?.step ?? script,
      batch,
      transactions: split ? "the engine's" : "fewest",
      stepsPerSecond: Math.round((n * batch) / (ms / 1000)),
      msPerStep: Number((ms / (n * batch)).toFixed(3)),
      cpuMsPerStep: Number(((cpu.user + cpu.system) / 1000 / (n * batch)).toFixed(3)),
    };
  } finally {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes("--embedded")) {
  const floors = [];
  for (const batch of BATCHES)
    for (const split of [true, false])
      for (const script of SCRIPTS) {
        const f = await embeddedFloor(batch, split, SECONDS, script.file);
        floors.push(f);
        log(`embedded floor: ${JSON.stringify(f)}`);
      }
  console.log(JSON.stringify({ embedded: floors }, null, 2));
  // the lean step beside today's, measured in the same rounds (PGlite: wall time is CPU)
  for (const [i, f] of floors.entries())
    if (f.step === "lean")
      console.log(
        `embedded: lean step / today's floor, batch ${f.batch} (${f.transactions}): CPU a step ${(f.cpuMsPerStep / floors[i - 1].cpuMsPerStep).toFixed(2)}x (load ${load()})`,
      );
  process.exit(0);
}

const base = defaultBenchUrl();
const url = await ensureDatabase(base, process.env.BENCH_DB || "baton_bench_floor");
{
  const old = await openDatabase({ url, poolSize: 1 });
  await sql`drop schema public cascade`.execute(old.db);
  await sql`create schema public`.execute(old.db);
  await old.close();
}
const database = await openDatabase({ url, poolSize: 2 });
await setUp(database.db);

log("pgbench tpcb-like");
const baseline = {
  ...(await runPgbenchBaseline(base, { clients: CLIENTS, seconds: SECONDS })),
  loadAvg: load(),
};
log(`pgbench ${baseline.tps.toFixed(0)} tps; graphile-worker gated, 2000 jobs to warm up, then ${PEER_JOBS}`);
await runGraphilePeer(base, { jobs: 2000, prospects: Math.ceil(PEER_JOBS / 3) });
const peer = {
  ...(await runGraphilePeer(base, { jobs: PEER_JOBS, prospects: Math.ceil(PEER_JOBS / 3) })),
  loadAvg: load(),
};
log(`graphile-worker ${peer.jobsPerSecond} jobs/s at ${peer.cpuMsPerJob} ms of CPU a job`);

const floors = [];
for (const batch of BATCHES)
  for (const split of [1, 0])
    for (const script of SCRIPTS) {
      const per = Math.floor(SLOTS / CLIENTS);
      if (per < batch)
        throw new Error(`BENCH_SLOTS ${SLOTS} is too few for ${CLIENTS} clients of batch ${batch}`);
      const opts = {
        clients: CLIENTS,
        file: script.file,
        protocol: "prepared" as const,
        defines: { batch, per, split },
      };
      await runPgbench(url, { ...opts, seconds: 5 }); // warm-up: plans, buffers
      const wal0 = await walLsn(database.db);
      const r = await runPgbench(url, { ...opts, seconds: SECONDS });
      const walBytes = await walSince(database.db, wal0);
      const f = {
        step: script.step,
        batch,
        transactions: split ? script.split : script.whole,
        stepsPerSecond: Math.round(r.tps * batch),
        cpuMsPerStep: Number(((r.cpuPerTx ?? Number.NaN) / batch).toFixed(3)),
        loadAvg: load(),
        /** beside bench:engine's walBytesPerStep: the same rows and index entries write about as much */
        walBytesPerStep: Math.round(walBytes / (r.transactions * batch)),
        split,
      };
      floors.push(f);
      log(`floor: ${JSON.stringify(f)}`);
    }

await database.close();
console.log(JSON.stringify({ baseline, peer, floors }, null, 2));
for (const f of floors)
  console.log(
    `step floor (${f.step} step), batch ${f.batch}, ${f.transactions} transaction(s) a batch: ${f.stepsPerSecond} steps/s at ${f.cpuMsPerStep} ms of CPU a step (pgbench's C client, no gates, no Node); ` +
      `graphile-worker gated ${peer.jobsPerSecond} jobs/s at ${peer.cpuMsPerJob} ms a job: the floor at ` +
      `${(f.stepsPerSecond / peer.jobsPerSecond).toFixed(2)}x the peer's rate, CPU ${(peer.cpuMsPerJob / f.cpuMsPerStep).toFixed(2)}x ` +
      `(peer CPU per job / floor CPU per step; item 2 needs 2.0x); pgbench tpcb-like ${baseline.tps.toFixed(0)} tps`,
  );
// the lean step beside today's, measured in the same rounds
for (const f of floors.filter((x) => x.step === "lean")) {
  const today = floors.find((x) => x.step === "today's" && x.batch === f.batch && x.split === f.split)!;
  console.log(
    `lean step / today's floor, batch ${f.batch} (${f.transactions}): CPU a step ${(f.cpuMsPerStep / today.cpuMsPerStep).toFixed(2)}x, ` +
      `steps/s ${(f.stepsPerSecond / today.stepsPerSecond).toFixed(2)}x, WAL a step ${(f.walBytesPerStep / today.walBytesPerStep).toFixed(2)}x (loads ${today.loadAvg}, ${f.loadAvg})`,
  );
}
process.exit(0);
