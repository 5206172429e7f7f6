// The peer inside bench:engine (issue 14): graphile-worker 0.17.3, a well-regarded PostgreSQL job
// queue, running a "gated" job on the same server in the same run. The gated job is what a team
// that built outreach on a queue library would write per touch: count the prospect's touches in
// the last 7 days over an events table, and record one. Concurrency 10, poll 100 ms (its
// documented defaults for a busy worker). Baton's step does much more (gates, draft, ledger, CRM
// outbox, exit), so the ratio is a conservative one.
import { Logger, makeWorkerUtils, run } from "graphile-worker";
import pg from "pg";
import { ensureDatabase } from "./baseline.ts";
import { cpuMsOf } from "./engine-profile.ts";

const PEER_APP = "baton-bench-peer";

export interface PeerResult {
  jobs: number;
  seconds: number;
  jobsPerSecond: number;
  concurrency: number;
  /** CPU of the peer (this process) and its PostgreSQL backends per job (ms) */
  cpuMsPerJob: number;
}

const GATED = `
  with recent as (
    select count(*)::int as n from peer_events
     where prospect_id = $1 and at > now() - interval '7 days'
  )
  insert into peer_events (prospect_id, kind, at)
  select $1, case when recent.n < 3 then 'touch' else 'held' end, now() from recent
  returning kind`;

export async function runGraphilePeer(
  baseUrl: string,
  opts: { jobs: number; prospects: number; concurrency?: number; pollInterval?: number },
): Promise<PeerResult> {
  const url = await ensureDatabase(baseUrl, "baton_bench_graphile");
  const concurrency = opts.concurrency ?? 10;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query("drop schema if exists graphile_worker cascade");
    await admin.query("drop table if exists peer_events");
    await admin.query(
      "create table peer_events (id bigint generated always as identity primary key, prospect_id int not null, kind text not null, at timestamptz not null)",
    );
    await admin.query("create index peer_events_prospect_at on peer_events (prospect_id, at)");
  } finally {
    await admin.end();
  }

  const quiet = new Logger(() => () => {});
  const utils = await makeWorkerUtils({ connectionString: url, logger: quiet });
  await utils.migrate();
  // enqueue in chunks, before the worker starts: the measured part is the dispatch
  const CHUNK = 1000;
  for (let i = 0; i < opts.jobs; i += CHUNK) {
    const specs = Array.from({ length: Math.min(CHUNK, opts.jobs - i) }, (_, k) => ({
      identifier: "gated",
      payload: { prospect: ((i + k) % opts.prospects) + 1 },
    }));
    await utils.addJobs(specs);
  }
  await utils.release();

  let done = 0;
  let resolveAll: () => void = () => {};
  const all = new Promise<void>((r) => {
    resolveAll = r;
  });
  const runUrl = new URL(url);
  runUrl.searchParams.set("application_name", PEER_APP);
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  const runner = await run({
    connectionString: runUrl.toString(),
    concurrency,
    pollInterval: opts.pollInterval ?? 100,
    noHandleSignals: true,
    // quiet: its default logger prints a line per job, which would time the console
    logger: new Logger(() => (level, message) => {
      if (level === "error") console.error(`[graphile-worker] ${message}`);
    }),
    taskList: {
      gated: async (payload, helpers) => {
        const prospect = (payload as { prospect: number }).prospect;
        await helpers.query(GATED, [prospect]);
        if (++done === opts.jobs) resolveAll();
      },
    },
  });
  await all;
  const seconds = (Date.now() - t0) / 1000;
  const own = process.cpuUsage(cpu0);
  let cpuMs = (own.user + own.system) / 1000;
  const probe = new pg.Client({ connectionString: url });
  await probe.connect();
  try {
    const r = await probe.query("select pid from pg_stat_activity where application_name = $1", [PEER_APP]);
    for (const row of r.rows) cpuMs += cpuMsOf(row.pid);
  } finally {
    await probe.end();
  }
  await runner.stop();
  return {
    jobs: opts.jobs,
    seconds: Number(seconds.toFixed(1)),
    jobsPerSecond: Math.round(opts.jobs / seconds),
    concurrency,
    cpuMsPerJob: Number((cpuMs / opts.jobs).toFixed(2)),
  };
}
