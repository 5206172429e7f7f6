// npm run bench:tenant-refs — what the tenant-reference statement triggers cost on one PostgreSQL
// server with the plan cache's own choice (0336) against plans forced generic (0335's setting,
// which Citus cannot plan: issue 57), and against no check at all, in the same run.
//
// One session inserts into the event log and the send items inside the server (a DO block, so the
// round trips of a client do not hide the trigger), as the engine's workers do in their long-lived
// connections: BENCH_ROWS one-row statements (0335's one-row path), then BENCH_ROWS rows as
// statements of 50 (the array path). Each round runs the three forms one after the other (forced,
// plan cache, none: the triggers disabled), rolled back; the summary gives each form's median over
// BENCH_ROUNDS rounds (default 5) in µs a statement, and the ratio to the forced form, with the load
// average beside it. Database: BENCH_DB (default baton_bench_tenant_refs) on DATABASE_URL or
// TEST_DATABASE_URL's server; its schema is re-created.
import "../src/runtime/errors.ts";
import os from "node:os";
import { sql } from "kysely";
import { openDatabase } from "../src/db/connect.ts";
import { migrate } from "../src/db/migrate.ts";
import { defaultBenchUrl, ensureDatabase, medianWithRange } from "./support/baseline.ts";

const ROWS = Number(process.env.BENCH_ROWS || 2000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS || 5));
const url = await ensureDatabase(defaultBenchUrl(), process.env.BENCH_DB || "baton_bench_tenant_refs");
const database = await openDatabase({ url, poolSize: 1 });
const db = database.db;
await sql`drop schema public cascade`.execute(db);
await sql`create schema public`.execute(db);
await migrate(db);

const clientId = "bench-refs";
await sql`insert into clients (client_id, name) values (${clientId}, 'Tenant refs bench')`.execute(db);
await sql`insert into contacts (client_id, full_name, email)
          select ${clientId}, 'c' || g, 'c' || g || '@bench.test' from generate_series(1, 50) g`.execute(db);
await sql`insert into campaigns (client_id, slug, name, type, owner_role, kind, on_exit)
          values (${clientId}, 'refs', 'refs', 'membership', 'roles.sales', 'sales', '{}'::jsonb)`.execute(
  db,
);
await sql`insert into campaign_contacts (client_id, campaign_id, contact_id, status, sequence_type)
          select ${clientId}, (select id from campaigns where client_id = ${clientId}), contact_id, 'active', 'sales'
            from contacts where client_id = ${clientId}`.execute(db);
await sql`analyze`.execute(db);

const FUNCTIONS = ["baton_event_log_tenant_refs", "baton_send_queue_tenant_refs"];
type Form = "forced" | "plan cache" | "none";
async function setForm(form: Form) {
  for (const f of FUNCTIONS)
    await sql
      .raw(
        form === "forced"
          ? `alter function ${f}() set plan_cache_mode = force_generic_plan`
          : `alter function ${f}() reset plan_cache_mode`,
      )
      .execute(db);
  const able = form === "none" ? "disable" : "enable";
  await sql.raw(`alter table cadence_event_log ${able} trigger cadence_event_log_tenant_refs`).execute(db);
  await sql.raw(`alter table sales_send_queue ${able} trigger sales_send_queue_tenant_refs`).execute(db);
}

/** Server time of `statements` inserts of `per` rows each into `table`, in µs a statement (rolled back). */
async function timed(
  table: "events" | "items",
  statements: number,
  per: number,
  round: string,
): Promise<number> {
  const insert =
    table === "events"
      ? `insert into cadence_event_log (client_id, event_type, contact_id, enrollment_id, campaign_id)
           select e.client_id, 'bench', e.contact_id, e.id, e.campaign_id from campaign_contacts e
            where e.client_id = '${clientId}' order by e.id offset (i * ${per}) % 50 limit ${per}`
      : `insert into sales_send_queue (client_id, contact_id, campaign_id, enrollment_id, step_number, channel,
                                       scheduled_at, idempotency_key)
           select e.client_id, e.contact_id, e.campaign_id, e.id, 1, 'email', now(), '${round}:' || i || ':' || e.id
             from campaign_contacts e
            where e.client_id = '${clientId}' order by e.id offset (i * ${per}) % 50 limit ${per}`;
  return db.connection().execute(async (c) => {
    await sql`begin`.execute(c);
    try {
      await sql
        .raw(
          `do $$ declare t0 timestamptz := clock_timestamp(); begin
             for i in 1..${statements} loop ${insert}; end loop;
             perform set_config('bench.us', (extract(epoch from clock_timestamp() - t0) * 1e6)::bigint::text, true);
           end $$`,
        )
        .execute(c);
      const r = await sql<{ us: string }>`select current_setting('bench.us') as us`.execute(c);
      return Number(r.rows[0].us) / statements;
    } finally {
      await sql`rollback`.execute(c);
    }
  });
}

const forms: Form[] = ["forced", "plan cache", "none"];
const cases = [
  { name: "event, 1 row", table: "events", per: 1 },
  { name: "events, 50 rows", table: "events", per: 50 },
  { name: "send item, 1 row", table: "items", per: 1 },
  { name: "send items, 50 rows", table: "items", per: 50 },
] as const;
const results = new Map<string, number[]>();
const log = (m: string) => console.error(`[bench:tenant-refs] load ${os.loadavg()[0].toFixed(2)} ${m}`);
for (let round = 1; round <= ROUNDS; round++) {
  for (const c of cases) {
    for (const form of forms) {
      await setForm(form);
      const us = await timed(c.table, Math.max(1, Math.round(ROWS / c.per)), c.per, `r${round}`);
      const key = `${c.name}|${form}`;
      results.set(key, [...(results.get(key) ?? []), us]);
    }
  }
  log(`round ${round}/${ROUNDS} done`);
}
await setForm("plan cache");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out = cases.map((c) => {
  const of = (form: Form) => results.get(`${c.name}|${form}`) ?? [];
  const forced = of("forced");
  return {
    case: c.name,
    forcedUs: Math.round(median(forced)),
    planCacheUs: Math.round(median(of("plan cache"))),
    noCheckUs: Math.round(median(of("none"))),
    planCacheVsForced: medianWithRange(of("plan cache").map((x, i) => x / forced[i])),
  };
});
console.log(JSON.stringify({ rounds: ROUNDS, rows: ROWS, load: os.loadavg()[0], results: out }, null, 2));
for (const r of out)
  console.log(
    `${r.case}: forced generic ${r.forcedUs} µs, plan cache ${r.planCacheUs} µs (${r.planCacheVsForced}), no check ${r.noCheckUs} µs a statement`,
  );
await database.close();
