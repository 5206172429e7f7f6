// npm run bench:engine — the engine on PostgreSQL: due steps dispatched per second by 4 workers and
// by 1 (`baton engine work`), and lag (next_send_at → sent) p50/p99 at a steady offered rate
// (BENCH_LAG_RATE, default 1,000 steps/s), against pgbench tpcb-like and the graphile-worker peer in
// the same run, with the load average beside each figure. Order: pgbench, the peer (warmed by
// BENCH_PEER_WARMUP jobs, default 2,000, then BENCH_PEER_JOBS, in one process of concurrency 10),
// then one process of four workers (`--concurrency 4`, as the peer runs): its warm-up (BENCH_WARMUP
// steps), 4 workers, the lag; then four processes of one worker each: the warm-up, 4 workers, and 1
// worker (the others stopped). Each dispatch figure also gives the WAL written per step.
// BENCH_ROUNDS (default 3): the peer and the 4 workers in one process are measured in that many
// rounds, one after the other (the workers paused while the peer runs, so that their idle polls do
// not run beside it), and the summary gives the median of the rounds' ratios with their range: the
// machine's speed drifts within a minute (docs/performance-journal.md 0z: one code's ratio moved 1.17-1.47x
// between runs), so one peer run measured a minute before the workers says as much about the drift.
// `npm run bench:engine -- --soak 600` instead runs one worker for 600 s under steady load
// (BENCH_SOAK_RATE steps/s, default 150) and samples its RSS (docs/performance-journal.md section 6).
// Profiles (opt-in): BENCH_PROFILE_DIR=dir writes the pg_stat_statements top list of the 4-worker
// run there (the server needs shared_preload_libraries=pg_stat_statements) and starts the workers
// with `node --cpu-prof --cpu-prof-dir=dir`. Each step is the full path: claim, the
// coordinator's gates, send item, template draft (auto-send nurture campaign), gateSend, the
// channel's at-most-once ledger (dev recording transport: no SMTP network), touch, CRM outbox, exit.
import "../src/runtime/errors.ts";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { createClusterDatabase, dropClusterDatabase, isCitusDatabase } from "../src/db/cluster-database.ts";
import { openDatabase } from "../src/db/connect.ts";
import { distribute } from "../src/db/distribute.ts";
import { migrate } from "../src/db/migrate.ts";
import { createBenchCampaign } from "../test/support/step-floor.ts";
import {
  defaultBenchUrl,
  ensureDatabase,
  medianWithRange,
  percentile,
  runPgbenchBaseline,
} from "./support/baseline.ts";
import {
  cpuSnapshot,
  cpuSpent,
  readStatements,
  resetStatements,
  sampleRss,
  soakVerdict,
  walLsn,
  walSince,
} from "./support/engine-profile.ts";
import { startWorkers as startPool, stop } from "./support/engine-workers.ts";
import { runGraphilePeer } from "./support/graphile-peer.ts";

const base = defaultBenchUrl();
// the soak has a database of its own, so it can run beside the other modes
const DB_NAME =
  process.env.BENCH_DB ||
  (process.argv.includes("--soak") ? "baton_bench_engine_soak" : "baton_bench_engine");
let url = await ensureDatabase(base, DB_NAME);
// a fresh schema each run: figures do not depend on what earlier runs left behind
{
  const old = await openDatabase({ url, poolSize: 1 });
  await sql`drop schema public cascade`.execute(old.db);
  await sql`create schema public`.execute(old.db);
  await old.close();
}
const database = await openDatabase({ url, poolSize: 4 });
let db = database.db;
await migrate(db);
const clientId = `bench-${Date.now().toString(36)}`;
const campaign = { id: await createBenchCampaign(db, clientId, "Engine bench") };
const FAR = new Date("2099-01-01T00:00:00Z");

/** n fresh contacts, each with one enrollment parked far in the future (released later). */
async function seed(n: number, tag: string): Promise<void> {
  const live = await remaining();
  if (live > 0) throw new Error(`bench: ${live} enrollments of an earlier run are still active`);
  await sql`insert into contacts (client_id, full_name, email)
            select ${clientId}, ${tag} || g, ${tag} || g || '@bench.test' from generate_series(1, ${n}) g`.execute(
    db,
  );
  await sql`insert into campaign_contacts (client_id, contact_id, campaign_id, status, current_step, next_send_at, enrolled_at, sequence_type)
            select client_id, contact_id, ${campaign.id}, 'active', 1, ${FAR}, now(), 'nurture'
              from contacts where client_id = ${clientId} and full_name like ${`${tag}%`}`.execute(db);
  // fresh statistics, as autovacuum keeps them in a live database: with none, the planner may read
  // a tenant's whole touch history where the per-contact index serves (docs/performance-journal.md section 2)
  await sql`analyze`.execute(db);
}

const BATCH = Number(process.env.BENCH_BATCH || 50);
const TICK_MS = Number(process.env.BENCH_TICK_MS || 20);
const WORKER_APP = "baton-bench-worker";
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR ? path.resolve(process.env.BENCH_PROFILE_DIR) : "";
if (PROFILE_DIR) fs.mkdirSync(PROFILE_DIR, { recursive: true });
/** The 1-minute load average, rounded (printed beside every figure). */
const load = () => Number(os.loadavg()[0].toFixed(2));

const workerOptions = { url, app: WORKER_APP, batch: BATCH, tickMs: TICK_MS, profileDir: PROFILE_DIR };

// On a Citus coordinator (`--citus`, or detected: the extension in the base URL's database; issue 57)
// the bench measures the cluster against a single node in the same run instead of its usual figures:
// the engine's dispatch (4 workers in one process, N4 steps after a warm-up) on the plain database
// above, a single node (the coordinator, Citus loaded but not used), and on a database of the same
// name + `_citus` built on every node and distributed by tenant (src/db/cluster-database.ts,
// BENCH_SHARDS shards a table, default 8), alternated over BENCH_ROUNDS rounds (default 2) with the
// other pool paused. CPU and WAL are the coordinator's only there (the workers' backends run on the
// other nodes), so the comparison is steps per second.
const CITUS = process.argv.includes("--citus") || (await isCitusDatabase(base));
/** The cluster's database, ready for the bench (migrated, distributed, its campaign made); the single node's is left open. */
async function buildClusterDatabase(): Promise<{
  url: string;
  db: typeof db;
  campaignId: string;
  close: () => Promise<void>;
}> {
  const name = `${DB_NAME}_citus`;
  await dropClusterDatabase(base, name);
  const clusterUrl = await createClusterDatabase(base, name);
  const d = await openDatabase({ url: clusterUrl, poolSize: 4 });
  await migrate(d.db);
  await distribute(d.db, { shardCount: Number(process.env.BENCH_SHARDS || 8) });
  const campaignId = await createBenchCampaign(d.db, clientId, "Engine bench");
  return {
    url: clusterUrl,
    db: d.db,
    campaignId,
    close: async () => {
      await d.close();
      await dropClusterDatabase(base, name);
    },
  };
}
const startWorkers = (n: number, opts: { profile?: boolean; concurrency?: number } = {}) =>
  startPool(n, workerOptions, opts);

// The seeded enrollments still active, polled every 100 ms beside the workers: one tag is live at a
// time (seed() checks), counted through the campaign's (client_id, campaign_id, status) index. A join
// on the tag's names cost ~15 ms of server time a poll, which the peer does not pay (section 0f).
async function remaining(): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from campaign_contacts
      where client_id = ${clientId} and campaign_id = ${campaign.id} and status = 'active'`.execute(db);
  return r.rows[0].n;
}

async function waitDone(tag: string, timeoutMs = 600_000) {
  const t0 = Date.now();
  while ((await remaining()) > 0) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`bench: ${tag} not done`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `n` steps through the long-lived workers of `pool` (left running). */
async function throughput(
  pool: ChildProcess[],
  n: number,
  opts: { profile?: boolean; tag?: string; workers?: number } = {},
) {
  const workers = opts.workers ?? pool.length;
  const processes = pool.length;
  const tag = opts.tag ?? `tp${workers}x${processes}-`;
  await seed(n, tag);
  const statements = opts.profile && PROFILE_DIR ? await resetStatements(db) : false;
  const pids = pool.map((w) => w.pid!);
  const cpu0 = await cpuSnapshot(db, pids, WORKER_APP);
  const wal0 = await walLsn(db);
  const t0 = Date.now();
  await sql`update campaign_contacts e set next_send_at = now() from contacts c
             where c.client_id = e.client_id and c.contact_id = e.contact_id and e.client_id = ${clientId}
               and c.full_name like ${`${tag}%`}`.execute(db);
  await waitDone(tag);
  const seconds = (Date.now() - t0) / 1000;
  const loadAvg = load();
  const cpu1 = await cpuSnapshot(db, pids, WORKER_APP);
  const walBytes = await walSince(db, wal0);
  const cpuMs = cpuSpent(cpu0, cpu1);
  const workerCpuMs = cpuSpent(cpu0, cpu1, pids);
  if (statements) {
    const top = await readStatements(db, 25);
    fs.writeFileSync(
      path.join(PROFILE_DIR, `statements-${workers}w${processes}p.json`),
      JSON.stringify(top, null, 2),
    );
    log(`pg_stat_statements (top by total time) written to ${PROFILE_DIR}`);
  }
  return {
    workers,
    processes,
    steps: n,
    seconds: Number(seconds.toFixed(1)),
    stepsPerSecond: Math.round(n / seconds),
    loadAvg,
    /** CPU of the workers and their PostgreSQL backends per step (ms) */
    cpuMsPerStep: Number((cpuMs / n).toFixed(2)),
    /** of which the Node.js worker processes */
    workerCpuMsPerStep: Number((workerCpuMs / n).toFixed(2)),
    /** WAL written per step (the run's release of the enrollments included): the rows and index
     * entries a step writes, a figure the machine's load does not move */
    walBytesPerStep: Math.round(walBytes / n),
  };
}

/** Due times spread evenly over the seeded enrollments of `tag`: `rate` per second, from 2 s on. */
async function spread(tag: string, rate: number) {
  await sql`with s as (select e.id, row_number() over (order by e.id) as i from campaign_contacts e join contacts c on c.client_id = e.client_id and c.contact_id = e.contact_id
                        where e.client_id = ${clientId} and c.full_name like ${`${tag}%`})
            update campaign_contacts e set next_send_at = now() + interval '2 seconds' + (s.i * (1000.0 / ${rate})) * interval '1 millisecond'
              from s where e.client_id = ${clientId} and s.id = e.id`.execute(db);
}

async function lagsOf(tag: string): Promise<number[]> {
  const r = await sql<{ ms: number }>`select extract(epoch from (q.sent_at - q.scheduled_at)) * 1000 as ms
      from sales_send_queue q join contacts c on c.client_id = q.client_id and c.contact_id = q.contact_id
     where q.client_id = ${clientId} and c.full_name like ${`${tag}%`} and q.status = 'sent'`.execute(db);
  return r.rows.map((x) => Number(x.ms));
}

async function lagAt(rate: number, seconds: number, pool: ChildProcess[], workers = pool.length) {
  const tag = "lag-";
  const n = rate * seconds;
  await seed(n, tag);
  await spread(tag, rate);
  await waitDone(tag);
  const loadAvg = load();
  const lags = await lagsOf(tag);
  return {
    rate,
    seconds,
    workers,
    processes: pool.length,
    sent: lags.length,
    p50ms: Math.round(percentile(lags, 50)),
    p99ms: Math.round(percentile(lags, 99)),
    maxms: Math.round(Math.max(...lags)),
    loadAvg,
  };
}

/** One worker under steady load for `seconds`, its RSS sampled every 5 s (section 6). */
async function soak(seconds: number, rate: number) {
  const tag = "soak-";
  await seed(rate * seconds, tag);
  const [w] = await startWorkers(1);
  await spread(tag, rate);
  const samples = await sampleRss(w.pid!, seconds * 1000 + 2000, 5000, (s) =>
    log(`t=${Math.round(s.t / 1000)} s rss=${s.rssMb} MB load=${s.load}`),
  );
  // a worker that fell behind (a loaded machine) gets two more minutes; the RSS verdict stands either way
  await waitDone(tag, 120_000).catch(() => log("soak: the worker did not catch up within 2 minutes"));
  const loadAvg = load();
  await stop([w]);
  const lags = await lagsOf(tag);
  return {
    seconds,
    rate,
    unfinished: await remaining(),
    sent: lags.length,
    lagP99ms: Math.round(percentile(lags, 99)),
    loadAvg,
    ...soakVerdict(samples),
    samples,
  };
}

// as many steps with 4 workers as the peer runs jobs (10,000 in one warm process): 2,000 steps over 4
// fresh processes was mostly their warm-up (docs/performance-journal.md section 0.1)
const N1 = Number(process.env.BENCH_STEPS_1 || 5000);
const N4 = Number(process.env.BENCH_STEPS_4 || 10_000);
const LAG_S = Number(process.env.BENCH_LAG_SECONDS || 10);
const LAG_RATE = Number(process.env.BENCH_LAG_RATE || 1000);
const log = (m: string) =>
  console.error(`[bench:engine] ${new Date().toISOString().slice(11, 19)} load ${load()} ${m}`);
const soakAt = process.argv.indexOf("--soak");
if (soakAt >= 0) {
  const seconds = Number(process.argv[soakAt + 1] || 600);
  const rate = Number(process.env.BENCH_SOAK_RATE || 150);
  log(`soak: 1 worker, ${rate} steps/s offered for ${seconds} s`);
  const r = await soak(seconds, rate);
  if (PROFILE_DIR) fs.writeFileSync(path.join(PROFILE_DIR, "soak.json"), JSON.stringify(r, null, 2));
  const { samples: _samples, ...summary } = r;
  console.log(JSON.stringify(summary, null, 2));
  console.log(
    `soak: ${r.sent} steps over ${seconds} s at ${rate}/s offered (lag p99 ${r.lagP99ms} ms); worker RSS after warm-up ` +
      `${r.baselineMb} MB, max ${r.maxMb} MB, last minute ${r.lastMinuteMb} MB: ${r.growthPct}% growth, ` +
      `${r.flat ? "flat (within 10%)" : "NOT flat"}; load average ${r.loadAvg}`,
  );
  await database.close();
  process.exit(0);
}
/**
 * A live database has history and the statistics autovacuum keeps on it. Straight after seeding,
 * the queue, the drafts, the ledger and the event log are empty and ANALYZEd as empty: the planner
 * then hash-joins whole tables, and PostgreSQL caches the plans of foreign-key checks per connection
 * (a check of sales_send_queue -> staged_drafts planned on an empty table seq-scans it for the
 * connection's life, 18 -> 42 ms per 200 rows over one 3,000-step run). A warm-up run of
 * `BENCH_WARMUP` steps (default 2,000) with 4 workers, then ANALYZE, measures the steady state
 * instead (docs/performance-journal.md section 2).
 */
async function warmUp(pool: ChildProcess[]) {
  const n = Number(process.env.BENCH_WARMUP ?? 2000);
  // a tag of each pool's own: contacts are seeded by name, and a second pool's warm-up would enroll
  // the first one's contacts again
  if (n > 0) await throughput(pool, n, { tag: `warm${pool.length}-` });
  await sql`analyze`.execute(db);
}

/**
 * Long-lived workers, as a deployment runs them: started once, warmed by the warm-up run, then
 * measured. Until 0f each run started fresh processes, so every measured run paid four processes'
 * compilation of the step's code: 2,500 steps a process against the peer's 10,000 jobs in one
 * (docs/performance-journal.md section 0f). The pools are started after the baselines, so that their idle
 * polls do not run beside them.
 * - `oneProcess`: four workers in one process (`--concurrency 4`), as the peer runs its concurrency
 *   in one process: the headline figure and the lag (section 0i).
 * - otherwise four processes of one worker, measured with 4 and (the other three stopped) with 1.
 */
async function warmPool(oneProcess: boolean): Promise<ChildProcess[]> {
  const pool = oneProcess
    ? await startWorkers(1, { profile: true, concurrency: 4 })
    : await startWorkers(4, { profile: true });
  log(`warm-up: ${process.env.BENCH_WARMUP ?? 2000} steps, then analyze`);
  await warmUp(pool);
  return pool;
}

if (CITUS) {
  const single = { url, db, database, campaignId: campaign.id };
  log("Citus: the cluster's database, built on every node and distributed");
  const cluster = await buildClusterDatabase();
  const target = (t: "single" | "cluster") => {
    url = t === "single" ? single.url : cluster.url;
    db = t === "single" ? single.db : cluster.db;
    campaign.id = t === "single" ? single.campaignId : cluster.campaignId;
    workerOptions.url = url;
  };
  target("single");
  const singlePool = await warmPool(true);
  for (const w of singlePool) w.kill("SIGSTOP");
  target("cluster");
  const clusterPool = await warmPool(true);
  const rounds: {
    single: Awaited<ReturnType<typeof throughput>>;
    cluster: Awaited<ReturnType<typeof throughput>>;
  }[] = [];
  const CITUS_ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
  const measure = async (t: "single" | "cluster", round: number) => {
    const [on, off] = t === "single" ? [singlePool, clusterPool] : [clusterPool, singlePool];
    for (const w of off) w.kill("SIGSTOP");
    for (const w of on) w.kill("SIGCONT");
    target(t);
    log(`round ${round}: ${t}, ${N4} steps, 4 workers in one process`);
    return throughput(on, N4, { workers: 4, tag: `${t}${round}-` });
  };
  for (let round = 1; round <= CITUS_ROUNDS; round++)
    rounds.push({ single: await measure("single", round), cluster: await measure("cluster", round) });
  for (const w of [...singlePool, ...clusterPool]) w.kill("SIGCONT");
  await stop(singlePool);
  await stop(clusterPool);
  const ratios = rounds.map((r) => r.cluster.stepsPerSecond / r.single.stepsPerSecond);
  console.log(
    JSON.stringify({ citus: true, shards: Number(process.env.BENCH_SHARDS || 8), rounds }, null, 2),
  );
  console.log(
    `engine on Citus: ${rounds.map((r) => r.cluster.stepsPerSecond).join(", ")} steps/s on the cluster, ` +
      `${rounds.map((r) => r.single.stepsPerSecond).join(", ")} steps/s on a single node (the coordinator), ` +
      `4 workers in one process, ${N4} steps a round, load ${rounds.map((r) => `${r.single.loadAvg}/${r.cluster.loadAvg}`).join(", ")}: ` +
      `the cluster at ${medianWithRange(ratios)} of the single node (median of ${CITUS_ROUNDS} rounds)`,
  );
  await cluster.close();
  await single.database.close();
  process.exit(0);
}
if (process.env.BENCH_QUICK === "1") {
  // iterating on the engine: the dispatch runs only, no baselines (not for reported figures)
  const shared = await warmPool(true);
  const q4 = await throughput(shared, N4, { profile: true, workers: 4 });
  await stop(shared);
  const pool = await warmPool(false);
  const q4p = await throughput(pool, N4, { profile: true });
  await stop(pool.slice(1));
  const q1 = await throughput(pool.slice(0, 1), N1);
  await stop(pool.slice(0, 1));
  console.log(JSON.stringify({ batch: BATCH, dispatch: [q1, q4, q4p] }));
  await database.close();
  process.exit(0);
}
log("pgbench baseline");
const baseline = { ...(await runPgbenchBaseline(base, { clients: 4, seconds: 10 })), loadAvg: load() };
const PEER_JOBS = Number(process.env.BENCH_PEER_JOBS || 10_000);
const PEER_WARMUP = Number(process.env.BENCH_PEER_WARMUP ?? 2000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const peerRun = async () => ({
  ...(await runGraphilePeer(base, { jobs: PEER_JOBS, prospects: Math.ceil(PEER_JOBS / 3) })),
  loadAvg: load(),
});
log(
  `pgbench ${baseline.tps.toFixed(0)} tps; graphile-worker gated, ${PEER_WARMUP} jobs to warm up, then ${PEER_JOBS}`,
);
// the peer warmed as Baton's workers are: the same process has compiled its job path first
if (PEER_WARMUP > 0) await runGraphilePeer(base, { jobs: PEER_WARMUP, prospects: Math.ceil(PEER_JOBS / 3) });
const peer = await peerRun();
log(`graphile-worker ${peer.jobsPerSecond} jobs/s; 4 workers`);
const shared = await warmPool(true);
log(`4 workers in one process, ${N4} steps`);
const four = await throughput(shared, N4, { profile: true, workers: 4 });
const rounds = [{ peer, baton: four }];
for (let round = 2; round <= ROUNDS; round++) {
  log(
    `${JSON.stringify(rounds[rounds.length - 1].baton)}; round ${round}/${ROUNDS}: the peer, then 4 workers`,
  );
  // the pool paused (SIGSTOP) while the peer runs: its workers would poll beside it
  for (const w of shared) w.kill("SIGSTOP");
  const p = await peerRun().finally(() => {
    for (const w of shared) w.kill("SIGCONT");
  });
  const b = await throughput(shared, N4, { workers: 4, tag: `tp4x1r${round}-` });
  rounds.push({ peer: p, baton: b });
}
const rateRatios = rounds.map((r) => r.baton.stepsPerSecond / r.peer.jobsPerSecond);
// CPU per unit of work (the workers or the peer plus their PostgreSQL backends): the figure the
// other load on a shared machine moves least; > 1 means a Baton step costs less CPU than a peer job
const cpuRatios = rounds.map((r) => r.peer.cpuMsPerJob / r.baton.cpuMsPerStep);
log(`${JSON.stringify(rounds[rounds.length - 1].baton)}; lag at ${LAG_RATE}/s for ${LAG_S} s`);
const lag = await lagAt(LAG_RATE, LAG_S, shared, 4);
log(`lag p99 ${lag.p99ms} ms; 4 worker processes, ${N4} steps`);
await stop(shared);
const pool = await warmPool(false);
const fourProcesses = await throughput(pool, N4, { profile: true });
log(`${JSON.stringify(fourProcesses)}; 1 worker, ${N1} steps`);
await stop(pool.slice(1));
const one = await throughput(pool.slice(0, 1), N1);
await stop(pool.slice(0, 1));
const result = {
  baseline,
  dispatch: [one, four, fourProcesses],
  lag,
  peer,
  rounds,
  ratio4: `${(four.stepsPerSecond / baseline.tps).toFixed(3)}x of pgbench tps`,
  ratioPeer: `${medianWithRange(rateRatios)} of graphile-worker gated jobs/s (median of ${ROUNDS} rounds)`,
  cpuRatioPeer: `${medianWithRange(cpuRatios)} (peer CPU per job / Baton CPU per step, median of ${ROUNDS} rounds)`,
};
console.log(JSON.stringify(result, null, 2));
const each = (f: (r: (typeof rounds)[number]) => string) => rounds.map(f).join(", ");
console.log(
  `engine: ${one.stepsPerSecond} steps/s (1 worker), ${each((r) => `${r.baton.stepsPerSecond}`)} steps/s (4 workers in one process, ${ROUNDS} rounds, load ${each((r) => `${r.baton.loadAvg}`)}), ` +
    `${fourProcesses.stepsPerSecond} steps/s (4 worker processes, ${fourProcesses.cpuMsPerStep} ms/step, load ${fourProcesses.loadAvg}); ` +
    `lag at ${lag.rate}/s offered: p50 ${lag.p50ms} ms, p99 ${lag.p99ms} ms (load ${lag.loadAvg}); ` +
    `pgbench tpcb-like ${baseline.tps.toFixed(0)} tps (4 clients, load ${baseline.loadAvg}): ` +
    `Baton with 4 workers at ${(four.stepsPerSecond / baseline.tps).toFixed(2)}x; ` +
    `graphile-worker gated ${each((r) => `${r.peer.jobsPerSecond}`)} jobs/s (concurrency ${peer.concurrency}, load ${each((r) => `${r.peer.loadAvg}`)}): ` +
    `Baton with 4 workers at ${medianWithRange(rateRatios)}; ` +
    `CPU per unit: Baton ${each((r) => `${r.baton.cpuMsPerStep}`)} ms/step, graphile-worker ${each((r) => `${r.peer.cpuMsPerJob}`)} ms/job (${medianWithRange(cpuRatios)})`,
);
await database.close();
