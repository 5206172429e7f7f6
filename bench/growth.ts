// npm run bench:growth — the gate's touch count as the event log grows (issue 14, item 5).
// One tenant of 100k prospects with a steady history: 50k events a day, every 5th a touch (about
// 0.7 touches per prospect in any 7 days). The first stage loads the most recent 1M events (20
// days); the second adds the 49M older ones (the 980 days before), so a 7-day window holds the
// same rows at both sizes and only the log's history grows, as it does in production.
// At each size: p50/p99 of gate 3's per-contact query (loadTouches, the statement gateStep,
// gateSend, requestActivation and recordTouch run) and of the batch path's (loadTouchesOf, 32
// contacts), the buffers they touch, and EXPLAIN (ANALYZE, BUFFERS) of each.
// Bulk load as the owner, in the bench's own database only: session_replication_role = replica
// turns the append-only, foreign-key and rollup triggers off for the generate_series inserts.
// Before the 49M the secondary indexes are dropped and the gate's indexes rebuilt after the load
// (BENCH_ALL_INDEXES=1 rebuilds every index of the table, which takes much longer).
// Env: DATABASE_URL/TEST_DATABASE_URL, BENCH_SAMPLES (default 3000), BENCH_BIG (default 50M),
// BENCH_KEEP=1 keeps the database (default: dropped at the end), BENCH_ROUNDS (default 3: each size
// is measured that many times and the summary compares the median p99 of the rounds, since one p99
// of 3,000 sub-millisecond queries on a shared machine is mostly the other helpers' load).

import "../src/runtime/errors.ts";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { type Kysely, sql } from "kysely";
import pg from "pg";
import { touchWindowStart } from "../src/coordinator/index.ts";
import { loadTouchesOf } from "../src/coordinator/snapshot/batch-snapshot.ts";
import { touchesQuery } from "../src/coordinator/snapshot/lock-contact.ts";
import { openDatabase } from "../src/db/connect.ts";
import type { DB } from "../src/db/database.ts";
import { migrate } from "../src/db/migrate.ts";
import { loadDashboard } from "../src/workspace/dashboard.ts";
import { defaultBenchUrl, ensureDatabase, percentile } from "./support/baseline.ts";

const CLIENT = "growth";
const DB_NAME = process.env.BENCH_DB ?? "baton_bench_growth";
const PROSPECTS = 99_991; // prime, so a prospect's events fall on every kind of event
const SMALL = 1_000_000;
const BIG = Number(process.env.BENCH_BIG ?? 50_000_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const STEP_SECONDS = 1.728; // 50k events a day
// rebuilt after the big load: the gate's, and what the dashboard and the events page read (before
// issue 39 item 4: 0091's covering indexes and the page index; after: the BRIN and the primary key)
const GATE_INDEXES = [
  "cadence_event_log_touch_idx",
  "cadence_event_log_ws_touch_time_idx",
  "cadence_event_log_ws_suppressed_time_idx",
  "cadence_event_log_client_page_idx",
  "cadence_event_log_time_brin",
];
const WORKSPACE_SAMPLES = Number(process.env.BENCH_WORKSPACE_SAMPLES ?? 40);

const contactUuid = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

async function seed(db: Kysely<DB>) {
  await sql`insert into clients (client_id, name) values (${CLIENT}, 'Growth tenant') on conflict do nothing`.execute(
    db,
  );
  await sql`
    insert into contacts (contact_id, client_id, full_name, email, time_zone)
    select ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, ${CLIENT},
           'Prospect ' || i, 'p' || i || '@growth.test', 'UTC'
      from generate_series(1, ${PROSPECTS}::int) i
    on conflict do nothing`.execute(db);
}

/** Events g in [from, to]: event g happened g * 1.728 s before `base` (g = 1 is the newest). */
async function loadEvents(url: string, base: Date, from: number, to: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const t0 = performance.now();
  try {
    await client.query("set session_replication_role = replica");
    const chunk = 2_000_000;
    for (let a = from; a <= to; a += chunk) {
      const b = Math.min(to, a + chunk - 1);
      await client.query(
        `insert into cadence_event_log (client_id, occurred_at, recorded_at, contact_id, event_type, sequence_type,
                                        coordinator_action, resolution, touch_cap_at_event, compliance_status)
         select $1, $2::timestamptz - g * interval '${STEP_SECONDS} seconds', $2::timestamptz - g * interval '${STEP_SECONDS} seconds',
                ('00000000-0000-4000-8000-' || lpad(to_hex(1 + (g::bigint * 7919) % ${PROSPECTS}), 12, '0'))::uuid,
                case when g % 5 = 0 then 'touch' else 'step_allowed' end,
                (array['sales','marketing','nurture','abm','transactional'])[1 + (g / 5) % 5],
                'allow', 'allowed', 1, 'clear'
           from generate_series($3::bigint, $4::bigint) g`,
        [CLIENT, base, a, b],
      );
      console.log(
        `load: events ${b.toLocaleString()} (${((performance.now() - t0) / 1000).toFixed(0)} s, load ${load()})`,
      );
    }
  } finally {
    await client.end();
  }
}

interface Measure {
  events: number;
  /** the workspace's pages that read the log by time or newest first: p50 and p95, ms */
  dashboard: { p50: number; p95: number };
  eventsPage: { p50: number; p95: number };
  single: { p50: number; p99: number; buffers: number };
  batch: { p50: number; p99: number; buffers: number };
  plans: { single: string; batch: string };
  load: string;
}

async function measure(db: Kysely<DB>, pool: pg.Pool, events: number): Promise<Measure> {
  const now = new Date();
  const pick = () => contactUuid(1 + Math.floor(Math.random() * PROSPECTS));
  const explainOf = async (q: { sql: string; parameters: readonly unknown[] }, json: boolean) => {
    const r = await pool.query(`explain (analyze, buffers${json ? ", format json" : ""}) ${q.sql}`, [
      ...q.parameters,
    ]);
    return json ? r.rows[0]["QUERY PLAN"][0] : r.rows.map((x) => x["QUERY PLAN"]).join("\n");
  };
  const blocks = (p: any) => (p.Plan["Shared Hit Blocks"] ?? 0) + (p.Plan["Shared Read Blocks"] ?? 0);
  const batchQuery = (ids: string[]) => {
    const since = touchWindowStart(now);
    return {
      sql: `select contact_id, occurred_at from cadence_event_log
     where client_id = $1 and contact_id = any($2::uuid[]) and event_type = 'touch'
       and occurred_at > $3 and occurred_at <= $4
       and sequence_type is distinct from 'transactional'`,
      parameters: [CLIENT, ids, since, now] as const,
    };
  };
  // warm-up (a live log's recent pages are in memory)
  for (let i = 0; i < 500; i++) await touchesQuery(db, CLIENT, pick(), now).execute();
  const single: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now();
    await touchesQuery(db, CLIENT, pick(), now).execute();
    single.push(performance.now() - t);
  }
  const batch: number[] = [];
  for (let i = 0; i < SAMPLES / 10; i++) {
    const ids = Array.from({ length: 32 }, pick);
    const t = performance.now();
    await loadTouchesOf(db, CLIENT, ids, now);
    batch.push(performance.now() - t);
  }
  let sb = 0;
  let bb = 0;
  const n = 100;
  for (let i = 0; i < n; i++) {
    sb += blocks(await explainOf(touchesQuery(db, CLIENT, pick(), now).compile(), true));
    bb += blocks(await explainOf(batchQuery(Array.from({ length: 32 }, pick)), true));
  }
  // the workspace: the dashboard (its 30- and 92-day figures) and the events page, newest first
  const revops = {
    principalId: "00000000-0000-4000-8000-000000000000",
    clientId: CLIENT,
    kind: "person" as const,
    displayName: "Bench RevOps",
    roles: ["revops" as const],
    agentId: null,
  };
  const dash: number[] = [];
  const page: number[] = [];
  await loadDashboard(db, revops, now);
  for (let i = 0; i < WORKSPACE_SAMPLES; i++) {
    let t = performance.now();
    await loadDashboard(db, revops, now);
    dash.push(performance.now() - t);
    t = performance.now();
    await sql`select * from cadence_event_log where client_id = ${CLIENT} order by event_id desc limit 51`.execute(
      db,
    );
    page.push(performance.now() - t);
  }
  return {
    events,
    dashboard: { p50: percentile(dash, 50), p95: percentile(dash, 95) },
    eventsPage: { p50: percentile(page, 50), p95: percentile(page, 95) },
    single: { p50: percentile(single, 50), p99: percentile(single, 99), buffers: sb / n },
    batch: { p50: percentile(batch, 50), p99: percentile(batch, 99), buffers: bb / n },
    plans: {
      single: await explainOf(touchesQuery(db, CLIENT, pick(), now).compile(), false),
      batch: await explainOf(batchQuery(Array.from({ length: 32 }, pick)), false),
    },
    load: load(),
  };
}

function report(m: Measure) {
  console.log(`\n=== ${m.events.toLocaleString()} events (load average ${m.load}) ===`);
  console.log(
    `gate 3, one contact (loadTouches):  p50=${m.single.p50.toFixed(3)}ms p99=${m.single.p99.toFixed(3)}ms  buffers/query=${m.single.buffers.toFixed(1)}`,
  );
  console.log(
    `gate 3, 32 contacts (loadTouchesOf): p50=${m.batch.p50.toFixed(3)}ms p99=${m.batch.p99.toFixed(3)}ms  buffers/query=${m.batch.buffers.toFixed(1)}`,
  );
  console.log(`plan, one contact:\n${m.plans.single}\nplan, 32 contacts:\n${m.plans.batch}`);
  console.log(
    `workspace: dashboard p50=${m.dashboard.p50.toFixed(1)}ms p95=${m.dashboard.p95.toFixed(1)}ms; events page p50=${m.eventsPage.p50.toFixed(2)}ms p95=${m.eventsPage.p95.toFixed(2)}ms`,
  );
}

/** ROUNDS measures at the current size, each reported; the round with the median p99 (one contact) stands for the size. */
async function measureRounds(db: Kysely<DB>, pool: pg.Pool, events: number): Promise<Measure[]> {
  const out: Measure[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const m = await measure(db, pool, events);
    if (i === 0) report(m);
    console.log(
      `round ${i + 1}/${ROUNDS} at ${new Date().toISOString().slice(11, 19)}Z, ${events.toLocaleString()} events, load ${m.load}: one contact p50=${m.single.p50.toFixed(3)} p99=${m.single.p99.toFixed(3)} ms; 32 contacts p50=${m.batch.p50.toFixed(3)} p99=${m.batch.p99.toFixed(3)} ms; dashboard p95=${m.dashboard.p95.toFixed(1)} ms; events page p95=${m.eventsPage.p95.toFixed(2)} ms`,
    );
    out.push(m);
  }
  return out;
}

const median = (xs: number[]) => percentile(xs, 50);

/** The event log's cursors, advanced as the engine's periodic work does (absent before migration 0310). */
async function advanceCursors(db: Kysely<DB>) {
  const has = await sql<{ n: number }>`
    select count(*)::int as n from pg_proc where proname = 'baton_advance_event_cursor'`.execute(db);
  if (!has.rows[0].n) return;
  const t = performance.now();
  for (const consumer of ["learning_rollup", "workspace_daily"])
    await sql`select baton_advance_event_cursor(${CLIENT}, ${consumer})`.execute(db);
  console.log(`event log cursors advanced in ${((performance.now() - t) / 1000).toFixed(0)} s`);
}

async function main() {
  const base = defaultBenchUrl();
  const url = await ensureDatabase(base, DB_NAME);
  const database = await openDatabase({ url, poolSize: 2 });
  const db = database.db;
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const t0 = performance.now();
  try {
    await migrate(db);
    await sql`create table if not exists bench_meta (key text primary key, value text not null)`.execute(db);
    const meta = await sql<{ value: string }>`select value from bench_meta where key = 'base'`.execute(db);
    let baseTime: Date;
    if (meta.rows.length) {
      baseTime = new Date(meta.rows[0].value);
    } else {
      baseTime = new Date();
      await sql`insert into bench_meta values ('base', ${baseTime.toISOString()})`.execute(db);
    }
    const count = async () =>
      Number((await sql<{ n: string }>`select count(*) as n from cadence_event_log`.execute(db)).rows[0].n);
    await seed(db);
    if ((await count()) < SMALL) await loadEvents(url, baseTime, 1, SMALL);
    await advanceCursors(db);
    await sql`vacuum analyze cadence_event_log`.execute(db);
    const smalls = await measureRounds(db, pool, await count());

    if ((await count()) < BIG) {
      const defs = await sql<{ indexname: string; indexdef: string }>`
        select indexname, indexdef from pg_indexes
         where tablename = 'cadence_event_log' and indexname not like '%pkey'`.execute(db);
      const keep =
        process.env.BENCH_ALL_INDEXES === "1"
          ? defs.rows
          : defs.rows.filter((d) => GATE_INDEXES.includes(d.indexname));
      for (const d of defs.rows) await sql`drop index ${sql.id(d.indexname)}`.execute(db);
      console.log(
        `\ndropped ${defs.rows.length} secondary indexes for the bulk load; rebuilding after it: ${keep.map((d) => d.indexname).join(", ")}`,
      );
      await loadEvents(url, baseTime, (await count()) + 1, BIG);
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query("set maintenance_work_mem = '1GB'");
      for (const d of keep) {
        const t = performance.now();
        await c.query(d.indexdef);
        console.log(`index ${d.indexname} built in ${((performance.now() - t) / 1000).toFixed(0)} s`);
      }
      await c.end();
    }
    await advanceCursors(db);
    await sql`vacuum analyze cadence_event_log`.execute(db);
    const size = await sql<{ heap: string; idx: string }>`
      select pg_size_pretty(pg_relation_size('cadence_event_log')) as heap,
             pg_size_pretty(pg_indexes_size('cadence_event_log')) as idx`.execute(db);
    console.log(`\nevent log: heap ${size.rows[0].heap}, indexes ${size.rows[0].idx}`);
    const bigs = await measureRounds(db, pool, await count());
    console.log(
      `\nsummary (median over ${ROUNDS} rounds of p99 at the large size, over the same at the small size; target at most 1.5x)`,
    );
    for (const [name, of] of [
      ["one contact", (m: Measure) => m.single],
      ["32 contacts", (m: Measure) => m.batch],
      ["dashboard (p95)", (m: Measure) => ({ p50: m.dashboard.p50, p99: m.dashboard.p95, buffers: 0 })],
      ["events page (p95)", (m: Measure) => ({ p50: m.eventsPage.p50, p99: m.eventsPage.p95, buffers: 0 })],
    ] as const) {
      const a = { p50: median(smalls.map((m) => of(m).p50)), p99: median(smalls.map((m) => of(m).p99)) };
      const b = { p50: median(bigs.map((m) => of(m).p50)), p99: median(bigs.map((m) => of(m).p99)) };
      console.log(
        `${name}:  p99 ${a.p99.toFixed(3)} ms -> ${b.p99.toFixed(3)} ms = ${(b.p99 / a.p99).toFixed(2)}x; p50 ${a.p50.toFixed(3)} -> ${b.p50.toFixed(3)} ms = ${(b.p50 / a.p50).toFixed(2)}x  (buffers ${of(smalls[0]).buffers.toFixed(1)} -> ${of(bigs[0]).buffers.toFixed(1)})`,
      );
    }
    console.log(`total ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  } finally {
    await pool.end();
    await database.close();
    if (process.env.BENCH_KEEP !== "1") {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${DB_NAME}`);
      await c.end();
      console.log(`dropped ${DB_NAME}`);
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
