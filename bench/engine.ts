// npm run bench:engine — the engine on PostgreSQL: due steps dispatched per second with 1 and 4
// worker processes (`baton engine work`), and lag (next_send_at → sent) p50/p99 at a steady
// 500 steps/s, against pgbench tpcb-like in the same run. Each step is the full path: claim, the
// coordinator's gates, send item, template draft (auto-send nurture campaign), gateSend, the
// channel's at-most-once ledger (dev recording transport: no SMTP network), touch, CRM outbox, exit.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { sql } from "kysely";
import { createPrincipal, ensureClient } from "../src/auth/create-principal.ts";
import { createCampaign } from "../src/campaigns/index.ts";
import { openDatabase } from "../src/db/connect.ts";
import { migrate } from "../src/db/migrate.ts";
import { defaultBenchUrl, ensureDatabase, percentile, runPgbenchBaseline } from "./support/baseline.ts";
import { runGraphilePeer } from "./support/graphile-peer.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const base = defaultBenchUrl();
const url = await ensureDatabase(base, "baton_bench_engine");
// a fresh schema each run: figures do not depend on what earlier runs left behind
{
  const old = await openDatabase({ url, poolSize: 1 });
  await sql`drop schema public cascade`.execute(old.db);
  await sql`create schema public`.execute(old.db);
  await old.close();
}
const database = await openDatabase({ url, poolSize: 4 });
const db = database.db;
await migrate(db);
const clientId = `bench-${Date.now().toString(36)}`;
await ensureClient(db, clientId, "Engine bench");
const revops = await createPrincipal(db, {
  clientId,
  displayName: "revops",
  email: "r@bench.test",
  roles: ["revops"],
});
const campaign = await createCampaign(
  db,
  revops,
  {
    slug: "bench_nurture",
    name: "Bench nurture",
    type: "nurture",
    owner_role: "roles.marketing",
    kind: "nurture",
    approval_policy: "auto_send",
    steps: [
      {
        step_number: 1,
        delay_days: 0,
        channel: "email",
        content_type: "follow_up",
        template_instructions: "Hi.",
      },
    ],
  },
  new Date(),
);
const FAR = new Date("2099-01-01T00:00:00Z");

/** n fresh contacts, each with one enrollment parked far in the future (released later). */
async function seed(n: number, tag: string): Promise<void> {
  await sql`insert into contacts (client_id, full_name, email)
            select ${clientId}, ${tag} || g, ${tag} || g || '@bench.test' from generate_series(1, ${n}) g`.execute(
    db,
  );
  await sql`insert into campaign_contacts (client_id, contact_id, campaign_id, status, current_step, next_send_at, enrolled_at, sequence_type)
            select client_id, contact_id, ${campaign.id}, 'active', 1, ${FAR}, now(), 'nurture'
              from contacts where client_id = ${clientId} and full_name like ${`${tag}%`}`.execute(db);
}

function startWorkers(n: number): Promise<ChildProcess[]> {
  const env = {
    ...process.env,
    DATABASE_URL: url,
    BATON_DEMO: "false",
    SMTP_HOST: "",
    LLM_BASE_URL: "",
    ATTIO_API_KEY: "",
  };
  return Promise.all(
    Array.from({ length: n }, (_, i) => {
      const args = [
        "bin/baton.js",
        "engine",
        "work",
        "--worker-id",
        `b${i}`,
        "--batch",
        "50",
        "--tick-ms",
        "20",
      ];
      const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "inherit"] });
      return new Promise<ChildProcess>((resolve) =>
        // keep reading stdout to the end (the worker prints its totals when it stops)
        child.stdout.on("data", (b: Buffer) => b.toString().includes('"started"') && resolve(child)),
      );
    }),
  );
}

async function stop(ws: ChildProcess[]) {
  await Promise.all(
    ws.map(
      (w) =>
        new Promise((r) => {
          w.once("exit", r);
          w.kill("SIGTERM");
        }),
    ),
  );
}

async function remaining(tag: string): Promise<number> {
  const r = await sql<{
    n: number;
  }>`select count(*)::int as n from campaign_contacts e join contacts c on c.contact_id = e.contact_id
      where e.client_id = ${clientId} and e.status = 'active' and c.full_name like ${`${tag}%`}`.execute(db);
  return r.rows[0].n;
}

async function waitDone(tag: string, timeoutMs = 600_000) {
  const t0 = Date.now();
  while ((await remaining(tag)) > 0) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`bench: ${tag} not done`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function throughput(workers: number, n: number) {
  const tag = `tp${workers}-`;
  await seed(n, tag);
  const ws = await startWorkers(workers);
  const t0 = Date.now();
  await sql`update campaign_contacts e set next_send_at = now() from contacts c
             where c.contact_id = e.contact_id and e.client_id = ${clientId} and c.full_name like ${`${tag}%`}`.execute(
    db,
  );
  await waitDone(tag);
  const seconds = (Date.now() - t0) / 1000;
  await stop(ws);
  return { workers, steps: n, seconds: Number(seconds.toFixed(1)), stepsPerSecond: Math.round(n / seconds) };
}

async function lagAt(rate: number, seconds: number, workers: number) {
  const tag = "lag-";
  const n = rate * seconds;
  await seed(n, tag);
  const ws = await startWorkers(workers);
  // due times spread evenly: rate per second, starting 2 s from now
  await sql`with s as (select e.id, row_number() over (order by e.id) as i from campaign_contacts e join contacts c on c.contact_id = e.contact_id
                        where e.client_id = ${clientId} and c.full_name like ${`${tag}%`})
            update campaign_contacts e set next_send_at = now() + interval '2 seconds' + (s.i * (1000.0 / ${rate})) * interval '1 millisecond'
              from s where s.id = e.id`.execute(db);
  await waitDone(tag);
  await stop(ws);
  const r = await sql<{ ms: number }>`select extract(epoch from (q.sent_at - q.scheduled_at)) * 1000 as ms
      from sales_send_queue q join contacts c on c.contact_id = q.contact_id
     where q.client_id = ${clientId} and c.full_name like ${`${tag}%`} and q.status = 'sent'`.execute(db);
  const lags = r.rows.map((x) => Number(x.ms));
  return {
    rate,
    seconds,
    workers,
    sent: lags.length,
    p50ms: Math.round(percentile(lags, 50)),
    p99ms: Math.round(percentile(lags, 99)),
  };
}

const N1 = Number(process.env.BENCH_STEPS_1 || 1000);
const N4 = Number(process.env.BENCH_STEPS_4 || 2000);
const LAG_S = Number(process.env.BENCH_LAG_SECONDS || 10);
const log = (m: string) => console.error(`[bench:engine] ${new Date().toISOString().slice(11, 19)} ${m}`);
log("pgbench baseline");
const baseline = await runPgbenchBaseline(base, { clients: 4, seconds: 10 });
const PEER_JOBS = Number(process.env.BENCH_PEER_JOBS || 10_000);
log(`pgbench ${baseline.tps.toFixed(0)} tps; graphile-worker gated, ${PEER_JOBS} jobs`);
const peer = await runGraphilePeer(base, { jobs: PEER_JOBS, prospects: Math.ceil(PEER_JOBS / 3) });
log(`graphile-worker ${peer.jobsPerSecond} jobs/s; 1 worker, ${N1} steps`);
const one = await throughput(1, N1);
log(`${JSON.stringify(one)}; 4 workers, ${N4} steps`);
const four = await throughput(4, N4);
log(`${JSON.stringify(four)}; lag at 500/s for ${LAG_S} s`);
const lag = await lagAt(500, LAG_S, 4);
const result = {
  baseline,
  dispatch: [one, four],
  lag,
  peer,
  ratio4: `${(four.stepsPerSecond / baseline.tps).toFixed(3)}x of pgbench tps`,
  ratioPeer: `${(four.stepsPerSecond / peer.jobsPerSecond).toFixed(2)}x of graphile-worker gated jobs/s`,
};
console.log(JSON.stringify(result, null, 2));
console.log(
  `engine: ${one.stepsPerSecond} steps/s (1 worker), ${four.stepsPerSecond} steps/s (4 workers); ` +
    `lag at ${lag.rate}/s: p50 ${lag.p50ms} ms, p99 ${lag.p99ms} ms; pgbench tpcb-like ${baseline.tps.toFixed(0)} tps (4 clients); ` +
    `graphile-worker gated ${peer.jobsPerSecond} jobs/s (concurrency ${peer.concurrency}): ` +
    `Baton with 4 workers at ${(four.stepsPerSecond / peer.jobsPerSecond).toFixed(2)}x`,
);
await database.close();
