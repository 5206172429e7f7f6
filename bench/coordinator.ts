// npm run bench:coordinator — gated decisions per second on PostgreSQL (issue 3):
// 100k prospects and 5M events preloaded (generate_series, reused when present) in a database of
// its own (baton_bench), then gateStep (one decision per transaction) and gateStepsBatch (a batch
// of claimed steps per transaction) at 1, 4 and 16 workers with p50/p99 latency, against pgbench's
// tpcb-like script on the same server in the same run. Each line also gives the CPU per decision
// (this process, and the bench database's backends, from /proc), pgbench's CPU per transaction and
// the load average: the rates swing with the shared machine's load, the CPU costs much less.
// Env: DATABASE_URL/TEST_DATABASE_URL, BENCH_PROSPECTS, BENCH_EVENTS, BENCH_SECONDS, BENCH_BATCH,
// BENCH_WORKERS (comma list, default 1,4,16), BENCH_DB (default baton_bench), BENCH_PRELOAD_ONLY=1,
// BENCH_WARMUP (seconds of untimed decisions before each measured run, default 3; 0 for none),
// BENCH_ROUNDS (default 3): each figure is measured in that many rounds of pgbench, then Baton, one
// after the other, and the summary gives the median of the rounds' ratios with their range. With one
// decision a transaction each round also runs the decision's floor (support/decision-floor.ts: the
// same statements from pgbench's C client, each its own round trip and then all in one pipeline;
// BENCH_FLOOR=0 skips it; BENCH_FLOOR=all adds the floors of what the guarantees require, of a
// decision that keeps its counts on the contact's row), so that the target is read against what no
// client can go below. The
// machines' load drifts within a minute (docs/performance-journal.md 0g: the rate moved 1.8x between runs of
// one code), so a ratio to one pgbench run measured minutes before says more about the drift.
import "../src/runtime/errors.ts";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { type Kysely, sql } from "kysely";
import { gateStep, gateStepsBatch } from "../src/coordinator/index.ts";
import { openDatabase } from "../src/db/connect.ts";
import type { DB } from "../src/db/database.ts";
import { migrate } from "../src/db/migrate.ts";
import {
  defaultBenchUrl,
  ensureDatabase,
  medianWithRange,
  percentile,
  ratio,
  runPgbench,
  runPgbenchBaseline,
} from "./support/baseline.ts";
import { benchId, decisionFloorScript, guaranteeFloorScripts } from "./support/decision-floor.ts";
import { cpuMsOf } from "./support/engine-profile.ts";

const CLIENT = "bench";
const PROSPECTS = Number(process.env.BENCH_PROSPECTS ?? 100_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 5_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const BATCH = Number(process.env.BENCH_BATCH ?? 32);
const WORKERS = (process.env.BENCH_WORKERS ?? "1,4,16").split(",").map(Number);
const DB_NAME = process.env.BENCH_DB ?? "baton_bench";
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const FLOOR = process.env.BENCH_FLOOR !== "0";
const FLOOR_ALL = process.env.BENCH_FLOOR === "all";
const load1 = () => os.loadavg()[0].toFixed(2);

async function preload(db: Kysely<DB>) {
  await sql`create table if not exists bench_meta (key text primary key, value text not null)`.execute(db);
  const key = `coordinator:${PROSPECTS}:${EVENTS}`;
  const done = await sql<{ value: string }>`select value from bench_meta where key = ${key}`.execute(db);
  if (done.rows.length) {
    console.log(`preload: present (${done.rows[0].value})`);
    return;
  }
  const t0 = performance.now();
  console.log(`preload: ${PROSPECTS} prospects, ${EVENTS} events ...`);
  await sql`delete from bench_meta where key like 'coordinator:%'`.execute(db);
  await sql`insert into clients (client_id, name) values (${CLIENT}, 'Benchmark tenant') on conflict do nothing`.execute(
    db,
  );
  // wipe an earlier partial or differently sized preload. The event log is append-only and refuses
  // TRUNCATE too (0111); the bench's own database is wiped as its owner, with that trigger off.
  await db.transaction().execute(async (tx) => {
    await sql`alter table cadence_event_log disable trigger cadence_event_log_no_truncate`.execute(tx);
    await sql`truncate cadence_event_log`.execute(tx);
    await sql`alter table cadence_event_log enable trigger cadence_event_log_no_truncate`.execute(tx);
  });
  await sql`delete from campaign_contacts where client_id = ${CLIENT}`.execute(db);
  await sql`delete from campaign_sequences where client_id = ${CLIENT}`.execute(db);
  await sql`delete from campaigns where client_id = ${CLIENT}`.execute(db);
  await sql`delete from contacts where client_id = ${CLIENT}`.execute(db);
  await sql`delete from accounts where client_id = ${CLIENT}`.execute(db);
  await sql`
    insert into accounts (account_id, client_id, name, icp_tier, abm_active)
    select ('00000000-0000-4000-a000-' || lpad(to_hex(i), 12, '0'))::uuid, ${CLIENT}, 'Account ' || i,
           (array['T1','T2','T3'])[1 + i % 3], i % 10 = 0
      from generate_series(1, 1000) i`.execute(db);
  await sql`
    insert into contacts (contact_id, client_id, account_id, full_name, email, time_zone,
                          last_sales_signal_at, last_marketing_signal_at)
    select ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, ${CLIENT},
           ('00000000-0000-4000-a000-' || lpad(to_hex(1 + i % 1000), 12, '0'))::uuid,
           'Prospect ' || i, 'p' || i || '@bench.test',
           (array['UTC','America/New_York','Europe/Berlin','Asia/Tokyo'])[1 + i % 4],
           now() - ((i * 31) % 400) * interval '1 hour', now() - ((i * 17) % 400) * interval '1 hour'
      from generate_series(1, ${PROSPECTS}::int) i`.execute(db);
  const kinds = ["sales", "marketing", "nurture", "abm"];
  for (let k = 0; k < kinds.length; k++) {
    await sql`insert into campaigns (id, client_id, slug, name, type, owner_role, kind, on_exit)
      values (${benchId("c000", k + 1)}, ${CLIENT}, ${`bench_${kinds[k]}`}, ${`Bench ${kinds[k]}`}, 'play', 'roles.sales', ${kinds[k]}, '{}')`.execute(
      db,
    );
    await sql`insert into campaign_sequences (client_id, campaign_id, step_number, delay_days, channel, content_type, template_instructions)
      select ${CLIENT}, ${benchId("c000", k + 1)}, s, (s - 1) * 2, 'email', 'follow_up', 'bench' from generate_series(1, 3) s`.execute(
      db,
    );
  }
  // one live enrollment per prospect; every 10th also has one on the other side (gate 4 conflicts)
  await sql`
    insert into campaign_contacts (id, client_id, contact_id, campaign_id, status, current_step, next_send_at,
                                   enrolled_at, sequence_type)
    select ('00000000-0000-4000-9000-' || lpad(to_hex(i), 12, '0'))::uuid, ${CLIENT},
           ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid,
           ('00000000-0000-4000-c000-' || lpad(to_hex(1 + i % 4), 12, '0'))::uuid,
           'active', 1, now(), now(), (array['sales','marketing','nurture','abm'])[1 + i % 4]
      from generate_series(1, ${PROSPECTS}::int) i`.execute(db);
  await sql`
    insert into campaign_contacts (client_id, contact_id, campaign_id, status, current_step, next_send_at, enrolled_at, sequence_type)
    select ${CLIENT}, ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid,
           ('00000000-0000-4000-c000-' || lpad(to_hex(1 + (i + 1) % 4), 12, '0'))::uuid,
           'active', 1, now(), now(), (array['sales','marketing','nurture','abm'])[1 + (i + 1) % 4]
      from generate_series(10, ${PROSPECTS}::int, 10) i`.execute(db);
  // 5M events over the last 60 days; every 5th is a touch (≈1.2 touches per prospect per 7 days)
  const chunk = 1_000_000;
  for (let from = 1; from <= EVENTS; from += chunk) {
    const to = Math.min(EVENTS, from + chunk - 1);
    await sql`
      insert into cadence_event_log (client_id, occurred_at, contact_id, event_type, sequence_type,
                                     coordinator_action, resolution, touch_cap_at_event, compliance_status)
      select ${CLIENT}, now() - ((g::bigint * 7919) % 5184000) * interval '1 second',
             ('00000000-0000-4000-8000-' || lpad(to_hex(1 + g % ${PROSPECTS}::int), 12, '0'))::uuid,
             case when g % 5 = 0 then 'touch' else 'step_allowed' end,
             (array['sales','marketing','nurture','abm','transactional'])[1 + g % 5 / 1],
             'allow', 'allowed', 1, 'clear'
        from generate_series(${from}::int, ${to}::int) g`.execute(db);
    console.log(`preload: events ${to}/${EVENTS} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  await sql`analyze`.execute(db);
  await sql`insert into bench_meta (key, value) values (${key}, ${new Date().toISOString()})`.execute(db);
  console.log(`preload: done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

interface RunResult {
  workers: number;
  batch: number;
  decisions: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** CPU ms per decision: this Node process, and the bench database's PostgreSQL backends */
  cpuNode: number;
  cpuPg: number;
}

/** CPU ms so far of this process and of every backend connected to the bench database. */
async function cpuNow(db: Kysely<DB>): Promise<{ node: number; pg: Map<number, number> }> {
  const r = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = current_database()`.execute(db);
  return { node: cpuMsOf(process.pid), pg: new Map(r.rows.map((x) => [x.pid, cpuMsOf(x.pid)])) };
}

// the preloaded enrollments' ids, formatted once: drawing one is the bench's work, not Baton's, and
// formatting it on every call took ~4 µs of the process's CPU a decision (pgbench draws an integer)
const enrollmentIds = Array.from({ length: PROSPECTS }, (_, i) => benchId("9000", i + 1));

async function runWorkers(
  db: Kysely<DB>,
  workers: number,
  batch: number,
  seconds = SECONDS,
): Promise<RunResult> {
  const lat: number[] = [];
  let decisions = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const ids = Array.from({ length: batch }, () => enrollmentIds[Math.floor(Math.random() * PROSPECTS)]);
      const t = performance.now();
      const now = new Date();
      if (batch === 1) {
        // as an API call gates one step (gateStepAs): the transaction ends with the decision
        await db
          .transaction()
          .execute((tx) =>
            gateStep(tx, { clientId: CLIENT, enrollmentId: ids[0] }, now, { endsTransaction: true }),
          );
        decisions += 1;
      } else {
        const r = await db
          .transaction()
          .execute((tx) => gateStepsBatch(tx, { clientId: CLIENT, enrollmentIds: ids }, now));
        decisions += r.size;
      }
      lat.push(performance.now() - t);
    }
  };
  const cpu0 = await cpuNow(db);
  const start = performance.now();
  await Promise.all(Array.from({ length: workers }, () => worker()));
  const secs = (performance.now() - start) / 1000;
  const cpu1 = await cpuNow(db);
  let pgMs = 0;
  for (const [pid, ms] of cpu1.pg) pgMs += ms - (cpu0.pg.get(pid) ?? 0);
  return {
    workers,
    batch,
    decisions,
    perSecond: decisions / secs,
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    cpuNode: (cpu1.node - cpu0.node) / decisions,
    cpuPg: pgMs / decisions,
  };
}

/**
 * The decision's floor as pgbench scripts (support/decision-floor.ts), written once a run: today's
 * statements in two forms, and with BENCH_FLOOR=all the floors of what the guarantees require.
 */
function writeFloorScripts(db: Kysely<DB>): { form: string; file: string }[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-decision-floor-"));
  const scripts = [
    { form: "a round trip a statement", pipelined: false },
    { form: "one pipeline", pipelined: true },
  ].map(({ form, pipelined }) => ({
    form,
    script: decisionFloorScript(db, { clientId: CLIENT, prospects: PROSPECTS, pipelined }),
  }));
  if (FLOOR_ALL) scripts.push(...guaranteeFloorScripts(db, { clientId: CLIENT, prospects: PROSPECTS }));
  return scripts.map(({ form, script }, i) => {
    const file = path.join(dir, `floor-${i}.sql`);
    fs.writeFileSync(file, script);
    return { form, file };
  });
}

async function main() {
  const base = defaultBenchUrl();
  const url = await ensureDatabase(base, DB_NAME);
  const database = await openDatabase({ url, poolSize: 20 });
  const db = database.db;
  try {
    await migrate(db);
    await preload(db);
    // what autovacuum does on a production server (it is off on the machines' server): the visibility
    // map set for the preloaded log (gate 3's index-only scan, 0176) and the dead rows of earlier runs
    // gone, so that every run starts from the same state
    await sql`vacuum (analyze) cadence_event_log, campaign_contacts, contacts`.execute(db);
    if (process.env.BENCH_PRELOAD_ONLY === "1") return;
    const floors = FLOOR ? writeFloorScripts(db) : [];
    const rows: string[] = [];
    for (const w of WORKERS) {
      for (const batch of [...new Set([1, BATCH])]) {
        // a server's steady state, as pgbench's C client has from its first transaction: the same
        // decisions, untimed, so that V8 has compiled the path and the connections have prepared
        // their named statements (section 0d of docs/performance-journal.md gives both figures)
        if (WARMUP > 0) await runWorkers(db, w, batch, WARMUP);
        const ratios: number[] = [];
        const cpuRatios: number[] = [];
        const floorRatios = new Map<string, { cpu: number[]; baton: number[] }>();
        for (let round = 1; round <= ROUNDS; round++) {
          const pgLoad = load1();
          const baseline = await runPgbenchBaseline(base, { clients: w, seconds: SECONDS });
          const r = await runWorkers(db, w, batch);
          ratios.push(r.perSecond / baseline.tps);
          if (baseline.cpuPerTx) cpuRatios.push(baseline.cpuPerTx / (r.cpuNode + r.cpuPg));
          if (batch === 1) {
            for (const f of floors) {
              const fl = await runPgbench(url, {
                clients: w,
                seconds: SECONDS,
                file: f.file,
                protocol: "prepared",
              });
              if (!fl.cpuPerTx || !baseline.cpuPerTx) continue;
              const acc = floorRatios.get(f.form) ?? { cpu: [], baton: [] };
              acc.cpu.push(baseline.cpuPerTx / fl.cpuPerTx);
              acc.baton.push(fl.cpuPerTx / (r.cpuNode + r.cpuPg));
              floorRatios.set(f.form, acc);
              console.log(
                `workers=${String(w).padStart(2)} batch= 1 round ${round}/${ROUNDS}  the decision's floor (${f.form}): decisions/s=${fl.tps.toFixed(0).padStart(6)}  CPU/decision ${fl.cpuPerTx.toFixed(2)}ms  pgbench CPU/tx ÷ floor's ${ratio(baseline.cpuPerTx, fl.cpuPerTx)}  floor's CPU ÷ Baton's ${ratio(fl.cpuPerTx, r.cpuNode + r.cpuPg)}  load=${load1()}`,
              );
            }
          }
          console.log(
            `workers=${String(w).padStart(2)} batch=${String(batch).padStart(2)} round ${round}/${ROUNDS}  decisions/s=${r.perSecond.toFixed(0).padStart(6)}  p50=${r.p50.toFixed(1)}ms p99=${r.p99.toFixed(1)}ms (per transaction)  CPU/decision node ${r.cpuNode.toFixed(2)}ms pg ${r.cpuPg.toFixed(2)}ms  pgbench tpcb-like tps=${baseline.tps.toFixed(0)} (CPU/tx ${baseline.cpuPerTx?.toFixed(2) ?? "?"}ms)  ratio=${ratio(r.perSecond, baseline.tps)} (CPU ${baseline.cpuPerTx ? ratio(baseline.cpuPerTx, r.cpuNode + r.cpuPg) : "?"})  load=${load1()} (pgbench ${pgLoad})  at ${new Date().toISOString().slice(11, 19)}Z`,
          );
        }
        rows.push(
          `workers=${String(w).padStart(2)} batch=${String(batch).padStart(2)}  ratio to pgbench tpcb-like: median ${medianWithRange(ratios)} over ${ROUNDS} rounds (CPU ${cpuRatios.length ? medianWithRange(cpuRatios) : "?"})`,
        );
        for (const [form, f] of floorRatios) {
          rows.push(
            `workers=${String(w).padStart(2)} batch= 1  the decision's floor (${form}): pgbench tpcb-like's CPU/tx ÷ the floor's CPU/decision ${medianWithRange(f.cpu)}; the floor's ÷ Baton's ${medianWithRange(f.baton)}`,
          );
        }
      }
    }
    for (const f of floors) fs.rmSync(path.dirname(f.file), { recursive: true, force: true });
    console.log(
      "\nsummary (gated decisions/s over pgbench tpcb-like tps, each round's pgbench run just before it)",
    );
    for (const r of rows) console.log(r);
  } finally {
    await database.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
