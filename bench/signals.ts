// npm run bench:signals — signals ingested per second on PostgreSQL (issue 69 item 5): BENCH_SIGNALS
// signals (default 100,000), a tenth of them repeats of earlier events (the same source and event
// id, as a website's retries send them), in batches of 1,000 (the API's largest) by 4 concurrent
// callers, each matched by email to one of BENCH_CONTACTS contacts (default 20,000) and moving its
// last sales or marketing signal forward; against pgbench's tpcb-like script with 4 clients on the
// same server, run just before each round. Each round has a tenant of its own (a round's repeats are
// its own). CPU per signal is this process's plus the bench database's backends' (from /proc);
// pgbench's is its process's plus its backends'. BENCH_ROUNDS (default 2).
// Env: DATABASE_URL/TEST_DATABASE_URL, BENCH_SIGNALS, BENCH_CONTACTS, BENCH_ROUNDS.
import "../src/runtime/errors.ts";
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { createPrincipal, ensureClient } from "../src/auth/create-principal.ts";
import { openDatabase } from "../src/db/connect.ts";
import { migrate } from "../src/db/migrate.ts";
import { ingestSignals } from "../src/signals/ingest-signals.ts";
import type { SignalInput } from "../src/signals/signal-batch-types.ts";
import { defaultBenchUrl, ensureDatabase, medianWithRange, runPgbenchBaseline } from "./support/baseline.ts";
import { cpuMsOf, cpuSnapshot, cpuSpent } from "./support/engine-profile.ts";

const SIGNALS = Number(process.env.BENCH_SIGNALS ?? 100_000);
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const BATCH = 1000;
const CALLERS = 4;
const APP = "baton_bench_signals";
const TYPES = ["pricing_page_visit", "content_download", "webinar_attended", "demo_request", "email_engaged"];

const log = (m: string) => console.log(`[bench:signals] ${new Date().toISOString().slice(11, 19)} ${m}`);

async function main() {
  const base = defaultBenchUrl();
  const url = new URL(await ensureDatabase(base, "baton_bench_signals"));
  url.searchParams.set("application_name", APP);
  const d = await openDatabase({ url: url.toString(), poolSize: CALLERS });
  const rows: {
    signalsPerS: number;
    cpuPerSignal: number;
    tps: number;
    cpuPerTx: number;
    ratio: number;
    cpuRatio: number;
  }[] = [];
  try {
    await sql`drop schema public cascade`.execute(d.db);
    await sql`create schema public`.execute(d.db);
    await migrate(d.db);
    for (let round = 1; round <= ROUNDS; round++) {
      const clientId = `bench_signals_${round}`;
      await ensureClient(d.db, clientId, `Signals bench ${round}`);
      const revops = await createPrincipal(d.db, {
        clientId,
        displayName: "Bench RevOps",
        roles: ["revops"],
      });
      await sql`
        with a as (
          insert into accounts (client_id, name)
          select ${clientId}, 'Bench Co ' || g from generate_series(1, ${CONTACTS}::int) g
          returning account_id, name)
        insert into contacts (client_id, account_id, full_name, email)
        select ${clientId}, a.account_id, 'Bench Person ' || substr(a.name, 10),
               'person' || substr(a.name, 10) || '@co' || substr(a.name, 10) || '.bench.test'
          from a`.execute(d.db);
      await sql`analyze`.execute(d.db);
      const unique = SIGNALS - Math.round(SIGNALS / 10);
      const t0 = Date.parse("2026-11-20T00:00:00Z");
      const now = new Date("2026-11-28T00:00:00Z");
      const signal = (i: number): SignalInput => {
        const event = i % unique; // the last tenth repeats earlier events
        const person = (event % CONTACTS) + 1;
        return {
          type: TYPES[event % TYPES.length],
          email: `person${person}@co${person}.bench.test`,
          occurredAt: new Date(t0 + event * 5_000),
          source: "website",
          externalId: `ev-${event}`,
          attributes: { path: "/pricing" },
        };
      };
      const batches = Array.from({ length: Math.ceil(SIGNALS / BATCH) }, (_, b) =>
        Array.from({ length: Math.min(BATCH, SIGNALS - b * BATCH) }, (_, j) => signal(b * BATCH + j)),
      );

      log(`round ${round}/${ROUNDS}: pgbench tpcb-like, 4 clients, 10 s`);
      const pgbench = await runPgbenchBaseline(base, { clients: CALLERS, seconds: 10 });
      // the pool's connections open before the CPU is read, so that their backends are counted
      await Promise.all(
        Array.from({ length: CALLERS }, () => d.db.transaction().execute((tx) => sql`select 1`.execute(tx))),
      );
      const cpu0 = await cpuSnapshot(d.db, [process.pid], APP);
      const node0 = cpuMsOf(process.pid);
      const started = performance.now();
      let next = 0;
      const totals = { recorded: 0, duplicates: 0, refused: 0, waiting: 0 };
      await Promise.all(
        Array.from({ length: CALLERS }, async () => {
          for (let b = next++; b < batches.length; b = next++) {
            const r = await ingestSignals(d.db, revops, batches[b], { secret: "bench" }, now);
            totals.recorded += r.recorded;
            totals.duplicates += r.duplicates;
            totals.refused += r.refused;
            totals.waiting += r.waiting;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const cpu1 = await cpuSnapshot(d.db, [process.pid], APP);
      const cpuMs = cpuSpent(cpu0, cpu1);
      const nodeMs = cpuMsOf(process.pid) - node0;
      const stored = await sql<{ n: number }>`
        select count(*)::int as n from signals where client_id = ${clientId}`.execute(d.db);
      if (totals.recorded !== unique || totals.duplicates !== SIGNALS - unique || stored.rows[0].n !== unique)
        throw new Error(
          `expected ${unique} recorded and ${SIGNALS - unique} repeats: ${JSON.stringify(totals)}, ${stored.rows[0].n} stored`,
        );
      const signalsPerS = SIGNALS / seconds;
      const cpuPerSignal = cpuMs / SIGNALS;
      const row = {
        signalsPerS,
        cpuPerSignal,
        tps: pgbench.tps,
        cpuPerTx: pgbench.cpuPerTx ?? Number.NaN,
        ratio: signalsPerS / pgbench.tps,
        cpuRatio: (pgbench.cpuPerTx ?? Number.NaN) / cpuPerSignal,
      };
      rows.push(row);
      log(
        `round ${round}: ${SIGNALS} signals (${totals.recorded} recorded, ${totals.duplicates} repeats removed, ` +
          `${totals.refused} refused, ${totals.waiting} waiting) in ${seconds.toFixed(1)} s = ${Math.round(signalsPerS)} signals/s; ` +
          `CPU ${cpuPerSignal.toFixed(3)} ms a signal (Node ${(nodeMs / SIGNALS).toFixed(3)}); ` +
          `pgbench ${Math.round(pgbench.tps)} tps, CPU ${row.cpuPerTx.toFixed(2)} ms a transaction; ` +
          `signals/s over tps ${row.ratio.toFixed(2)}x, CPU a transaction over CPU a signal ${row.cpuRatio.toFixed(2)}x`,
      );
    }
  } finally {
    await d.close();
  }
  console.log(
    `signals: ${SIGNALS} a round, batches of ${BATCH}, ${CALLERS} callers, ${ROUNDS} rounds: ` +
      `${medianWithRange(rows.map((r) => r.ratio))} pgbench tpcb-like's tps in signals/s; ` +
      `${medianWithRange(rows.map((r) => r.cpuRatio))} in CPU (a pgbench transaction's CPU over a signal's)`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
