// npm run bench:workspace: the workspace's list endpoints over a large tenant (10,000 plays,
// 100,000 contacts, 1,000,000 events by default), through the real HTTP app (app.inject), on
// PGlite and, when a PostgreSQL server answers, on PostgreSQL. Prints median and p95 per endpoint.
// Env: BENCH_PLAYS, BENCH_CONTACTS, BENCH_EVENTS (sizes), BENCH_RUNS (repeats per endpoint, default 15),
// BENCH_PG=0 / BENCH_PGLITE=0 to skip one database; DATABASE_URL / TEST_DATABASE_URL name the server.
// BENCH_FUNNEL_EVENTS (events of the step-funnel campaign, default 1,000,000; 0 skips it),
// BENCH_ONLY (time only the endpoints whose name contains it, e.g. "funnel").
import "../src/runtime/errors.ts";
import { PGlite } from "@electric-sql/pglite";
import { type Kysely, sql } from "kysely";
import { buildApp } from "../src/api/build-app.ts";
import { loadConfig } from "../src/config/config.ts";
import { setActor } from "../src/db/actor-context.ts";
import { type Database, openDatabase } from "../src/db/connect.ts";
import type { DB } from "../src/db/database.ts";
import { migrate } from "../src/db/migrate.ts";
import { advanceEventCursors } from "../src/event-log/advance-cursors.ts";
import { buildAppDeps } from "../src/runtime/engine.ts";
import { createTenant, type Tenant } from "../test/support/tenant.ts";
import { defaultBenchUrl, ensureDatabase, percentile } from "./support/baseline.ts";

const PLAYS = Number(process.env.BENCH_PLAYS ?? 10_000);
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
// issue 13: the step funnel of one campaign with this many events (the rollup behind its cursor, 0310)
const FUNNEL_EVENTS = Number(process.env.BENCH_FUNNEL_EVENTS ?? 1_000_000);

/**
 * One campaign (run by a play) with about FUNNEL_EVENTS events over 12 weeks, one statement per kind,
 * each in time order; then the event log's cursors advanced (the rollups), as the engine's periodic work does. Each contact has one
 * enrollment: touches at steps 1..k (variants A/B at step 1), a step_allowed decision per touch,
 * some holds, replies and an exit.
 */
async function loadFunnel(db: Kysely<DB>, t: Tenant, now: Date, playId: string): Promise<void> {
  const c = t.clientId;
  const t0 = Date.now();
  const camp = await sql<{
    id: string;
  }>`insert into campaigns (client_id, slug, name, type, owner_role, play_id)
    values (${c}, 'bench_funnel', 'Bench funnel', 'play', 'roles.bdr', ${playId}) returning id`.execute(db);
  const id = camp.rows[0].id;
  await sql`insert into campaign_sequences (client_id, campaign_id, step_number, delay_days, channel, content_type,
      template_instructions, variants)
    select ${c}, ${id}, s, (s - 1) * 3, 'email', 'follow_up', 'x',
      case when s = 1 then '[{"key":"A","instructions":"a","weight":1},{"key":"B","instructions":"b","weight":1}]'::jsonb end
    from generate_series(1, 8) s`.execute(db);
  // contacts needed for ~FUNNEL_EVENTS events at about 10.7 events per enrollment
  const people = Math.min(CONTACTS, Math.ceil(FUNNEL_EVENTS / 10.7));
  const src = sql`(select contact_id, md5(contact_id::text)::uuid as enr, n,
        ${now.toISOString()}::timestamptz - interval '90 days' + ((n % 70) || ' days')::interval as t0
      from (select contact_id, row_number() over (order by contact_id) as n from contacts where client_id = ${c}
            order by contact_id limit ${people}) y) x`;
  const kinds: [string, ReturnType<typeof sql>][] = [
    [
      "touches",
      sql`insert into cadence_event_log (client_id, occurred_at, contact_id, enrollment_id, campaign_id, send_item_id,
          step_number, sequence_type, channel, event_type, coordinator_action, resolution, play_id, details)
        select ${c}, x.t0 + ((s - 1) * 3 || ' days')::interval, x.contact_id, x.enr, ${id}, gen_random_uuid(), s,
          'sales', 'email', 'touch', 'allow', 'sent', ${playId},
          jsonb_build_object('kind', 'touch', 'variant', case when s = 1 then (array['A','B'])[1 + x.n % 2] end)
        from ${src} cross join generate_series(1, 1 + (x.n % 8)::int) s order by 2`,
    ],
    [
      "step decisions",
      sql`insert into cadence_event_log (client_id, occurred_at, contact_id, enrollment_id, campaign_id, step_number,
          sequence_type, event_type, coordinator_action, resolution, play_id)
        select ${c}, x.t0 + ((s - 1) * 3 || ' days')::interval - interval '1 minute', x.contact_id, x.enr, ${id}, s,
          'sales', 'step_allowed', 'allow', 'no_conflict', ${playId}
        from ${src} cross join generate_series(1, 1 + (x.n % 8)::int) s order by 2`,
    ],
    [
      "holds",
      sql`insert into cadence_event_log (client_id, occurred_at, contact_id, enrollment_id, campaign_id, step_number,
          sequence_type, event_type, coordinator_action, suppressed_reason, gate, play_id)
        select ${c}, x.t0 + interval '1 day', x.contact_id, x.enr, ${id}, 2, 'sales',
          (array['held','queued'])[1 + x.n % 2], (array['hold','queue'])[1 + x.n % 2],
          (array['touch_cap_exceeded','conflict_resolved_queued'])[1 + x.n % 2], (array[3,4])[1 + x.n % 2], ${playId}
        from ${src} where x.n % 2 = 0 order by 2`,
    ],
    [
      "replies",
      sql`insert into cadence_event_log (client_id, occurred_at, contact_id, enrollment_id, campaign_id, step_number,
          sequence_type, event_type, resolution, play_id, details)
        select ${c}, x.t0 + ((x.n % 8) * 3 + 1 || ' days')::interval, x.contact_id, x.enr, ${id}, 1 + (x.n % 8)::int,
          'sales', 'reply', 'continued', ${playId},
          jsonb_build_object('intent', (array['meeting','other','not_interested','out_of_office'])[1 + x.n % 4])
        from ${src} where x.n % 5 = 0 order by 2`,
    ],
    [
      "exits",
      sql`insert into cadence_event_log (client_id, occurred_at, contact_id, enrollment_id, campaign_id, step_number,
          sequence_type, event_type, resolution, play_id)
        select ${c}, x.t0 + ((x.n % 8) * 3 + 2 || ' days')::interval, x.contact_id, x.enr, ${id}, 1 + (x.n % 8)::int,
          'sales', 'exit', (array['no_engagement','meeting','converted','rejected'])[1 + x.n % 4], ${playId}
        from ${src} order by 2`,
    ],
  ];
  let total = 0;
  // the enrollment ids are made up (md5 of the contact): the bench's own database skips the tenant
  // reference check (0211) for this load, and only it (the rollup, trigger or cursor, stays as it is)
  await sql`alter table cadence_event_log disable trigger cadence_event_log_tenant_refs`.execute(db);
  for (const [what, q] of kinds) {
    const t1 = Date.now();
    const r = await q.execute(db);
    const n = Number(r.numAffectedRows ?? 0);
    total += n;
    console.log(
      `  funnel ${what}: ${n} events in ${((Date.now() - t1) / 1000).toFixed(1)} s (${Math.round(n / ((Date.now() - t1) / 1000))}/s, then the cursors)`,
    );
  }
  await sql`alter table cadence_event_log enable trigger cadence_event_log_tenant_refs`.execute(db);
  // the event log's cursors, advanced as the engine's periodic work would (migration 0310), and the
  // log's new pages summarized and counted, as autovacuum would leave them
  const t2 = Date.now();
  await advanceEventCursors(db);
  console.log(`  event log cursors advanced in ${((Date.now() - t2) / 1000).toFixed(1)} s`);
  await sql`vacuum analyze cadence_event_log`.execute(db);
  const rollup = await sql<{
    n: number;
  }>`select count(*)::int as n from learning_funnel_rollup where client_id = ${c}`.execute(db);
  await sql`analyze learning_funnel_rollup`.execute(db);
  await sql`analyze event_log_daily`.execute(db);
  console.log(
    `  funnel campaign: ${total} events, ${rollup.rows[0].n} rollup rows, loaded in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
}

async function load(db: Kysely<DB>, t: Tenant, now: Date): Promise<{ contactId: string; playId: string }> {
  const c = t.clientId;
  const t0 = Date.now();
  await sql`insert into segments (client_id, segment, name) select ${c}, 'seg_' || i, 'Segment ' || i from generate_series(0, 19) i`.execute(
    db,
  );
  await sql`insert into accounts (client_id, name, segment, icp_tier)
    select ${c}, 'Account ' || i, 'seg_' || (i % 20), (array['T1','T2','T3'])[1 + i % 3] from generate_series(1, 2000) i`.execute(
    db,
  );
  await sql`insert into contacts (client_id, account_id, full_name, email)
    select ${c}, ids.a[1 + i % 2000], 'Person ' || lpad(i::text, 6, '0'), 'p' || i || '@bench.test'
    from (select array_agg(account_id) as a from accounts where client_id = ${c}) ids,
      generate_series(1, ${CONTACTS}) i`.execute(db);
  const step = (what: string) => console.log(`  ${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  step("segments, accounts, contacts");
  const playId = await db.transaction().execute(async (tx) => {
    await setActor(tx, t.agt901);
    const prop = await tx
      .insertInto("brain_proposals")
      .values({ client_id: c, agent_id: "AGT-901", payload: "{}" })
      .returning("proposal_id")
      .executeTakeFirstOrThrow();
    const rows = await sql<{ play_id: string }>`
      insert into plays (client_id, scope, segment, name, hypothesis, target_definition, suggested_cadence,
        success_criteria, originating_proposal_id, writer_agent_id, created_at)
      select ${c}, 'segment', 'seg_' || (i % 20), 'Bench play ' || i, 'h', '{"icp_tiers":["T1"]}'::jsonb,
        '{"cadence_type":"sales","steps":[{"day":0,"channel":"email","content_type":"follow_up","instructions":"x"}]}'::jsonb,
        '{"meeting_rate":0.1}'::jsonb, ${prop.proposal_id}::uuid, 'AGT-901',
        ${now.toISOString()}::timestamptz - (i || ' minutes')::interval
      from generate_series(1, ${PLAYS}) i returning play_id`.execute(tx);
    // a third of them picked up for review
    await setActor(tx, t.revops);
    await sql`update plays set state = 'under_review' where client_id = ${c}
      and play_id in (select play_id from plays where client_id = ${c} order by play_id limit ${Math.floor(PLAYS / 3)})`.execute(
      tx,
    );
    return rows.rows[0].play_id;
  });
  const contact = await sql<{ contact_id: string }>`select contact_id from contacts where client_id = ${c}
    order by contact_id limit 1`.execute(db);
  const contactId = contact.rows[0].contact_id;
  step("plays");
  // 1M events over 90 days: touches, decisions, some suppressions; 200 of them on one contact
  // bulk load only: skip the per-row foreign-key triggers (the rows reference rows just inserted)
  await db.transaction().execute(async (tx) => {
    await sql`set local session_replication_role = replica`.execute(tx);
    await sql`insert into cadence_event_log (client_id, occurred_at, contact_id, event_type, coordinator_action,
      sequence_type, channel, suppressed_reason, gate)
    select ${c}, ${now.toISOString()}::timestamptz - ((i % 129600) || ' minutes')::interval,
      ids.a[1 + i % 1000],
      (array['touch','activated','step_allowed','suppressed'])[1 + i % 4],
      (array['allow','allow','allow','hold'])[1 + i % 4], 'sales', 'email',
      case when i % 4 = 3 then (array['touch_cap_exceeded','conflict_resolved_queued','compliance_block'])[1 + i % 3] end,
      case when i % 4 = 3 then 3 end
    from (select array_agg(contact_id) as a from (select contact_id from contacts where client_id = ${c}
            order by contact_id limit 1000) x) ids,
      generate_series(1, ${EVENTS}) i
    order by i % 129600 desc`.execute(tx); // oldest first: a live log is appended in time order
  });
  step("events");
  // fresh bulk data: visibility map and statistics, as autovacuum would leave them
  await sql`vacuum analyze`.execute(db);
  console.log(
    `  loaded ${PLAYS} plays, ${CONTACTS} contacts, ${EVENTS} events in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
  return { contactId, playId };
}

async function measure(label: string, database: Database) {
  console.log(`\n${label}`);
  const now = new Date();
  const t = await createTenant(database.db, "wsbench");
  const { contactId, playId } = await load(database.db, t, now);
  if (FUNNEL_EVENTS > 0) await loadFunnel(database.db, t, now, playId);
  const config = { ...loadConfig({}), demo: false, runEngine: false };
  const deps = buildAppDeps({ database, config, now: () => now });
  const app = await buildApp(deps);
  await app.ready();
  let as = t.revops.auth;
  const get = async (url: string) => {
    const res = await app.inject({ method: "GET", url, headers: as });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return res.json();
  };
  const queue = await get("/api/v1/plays/queue?limit=50");
  const contacts = await get("/api/v1/workspace/contacts?limit=50");
  const events = await get("/api/v1/events?limit=50");
  const cases: [string, string][] = [
    ["plays queue, page 1", "/api/v1/plays/queue?limit=50"],
    ["plays queue, page 2 (cursor)", `/api/v1/plays/queue?limit=50&cursor=${queue.next_cursor}`],
    [
      "plays queue, segment + agent + state",
      "/api/v1/plays/queue?limit=50&segment=seg_7&agent=AGT-901&state=draft",
    ],
    ["contacts, page 1", "/api/v1/workspace/contacts?limit=50"],
    ["contacts, page 2 (cursor)", `/api/v1/workspace/contacts?limit=50&cursor=${contacts.next_cursor}`],
    ["contacts, name prefix search", "/api/v1/workspace/contacts?limit=50&q=person%200421"],
    ["contacts, email prefix search", "/api/v1/workspace/contacts?limit=50&q=p9999"],
    ["events, page 1", "/api/v1/events?limit=50"],
    ["events, page 2 (cursor)", `/api/v1/events?limit=50&cursor=${events.next_cursor}`],
    ["events, by suppressed_reason", "/api/v1/events?limit=50&suppressed_reason=touch_cap_exceeded"],
    ["prospect timeline (1,000 events)", `/api/v1/contacts/${contactId}/timeline?limit=100`],
    ["flags, open", "/api/v1/flags?status=open&limit=50"],
    ["dashboard aggregates", "/api/v1/workspace/dashboard"],
    ...(FUNNEL_EVENTS > 0
      ? ([
          ["funnel, campaign (all weeks)", "/api/v1/learning/campaigns/bench_funnel/funnel"],
          [
            "funnel, campaign (last 4 weeks)",
            `/api/v1/learning/campaigns/bench_funnel/funnel?from=${new Date(now.getTime() - 28 * 86_400_000).toISOString().slice(0, 10)}`,
          ],
          ["funnel, play", `/api/v1/learning/plays/${playId}/funnel`],
          ["variants, campaign", "/api/v1/learning/campaigns/bench_funnel/variants"],
        ] as [string, string][])
      : []),
  ];
  console.log("  endpoint (as RevOps: the workspace)         median ms   p95 ms");
  const timeCases = async (list: [string, string][]) => {
    // BENCH_ONLY=funnel: time only the endpoints whose name contains it
    for (const [name, url] of list.filter(
      ([n]) => !process.env.BENCH_ONLY || n.includes(process.env.BENCH_ONLY),
    )) {
      await get(url); // warm
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await get(url);
        times.push(performance.now() - t0);
      }
      console.log(
        `  ${name.padEnd(42)} ${percentile(times, 50).toFixed(1).padStart(9)} ${percentile(times, 95).toFixed(1).padStart(8)}`,
      );
    }
  };
  await timeCases(cases);

  // issue 61, books: the same lists as a rep whose workspace keeps books ('own'), owning one
  // prospect in 20 (the timeline's among them), the rest owned by another; and as a rep owning 50
  const c = t.clientId;
  await sql`update contacts set owner_principal_id = case
      when contact_id = ${contactId}::uuid or abs(hashtext(contact_id::text)) % 20 = 0 then ${t.rep.principalId}::uuid
      when abs(hashtext(contact_id::text)) % 2000 = 1 then ${t.slm.principalId}::uuid
      else ${t.slm2.principalId}::uuid end
    where client_id = ${c}`.execute(database.db);
  await sql`insert into book_settings (client_id, scope) values (${c}, 'own')`.execute(database.db);
  await sql`vacuum analyze contacts`.execute(database.db);
  const bookCases = cases.filter(([n]) => /^(contacts|events, page|prospect timeline)/.test(n));
  as = t.rep.auth;
  const repContacts = await get("/api/v1/workspace/contacts?limit=50");
  const repEvents = await get("/api/v1/events?limit=50");
  console.log("  endpoint (as a rep owning 1 in 20, 'own')   median ms   p95 ms");
  await timeCases(
    bookCases.map(([n, u]) => [
      n,
      u.replace(
        /cursor=[^&]*/,
        `cursor=${encodeURIComponent(n.startsWith("contacts") ? repContacts.next_cursor : repEvents.next_cursor)}`,
      ),
    ]),
  );
  as = t.slm.auth; // an slm outside any team: their own book only
  console.log("  endpoint (as a person owning about 50)      median ms   p95 ms");
  await timeCases(
    bookCases.filter(([n]) => n.startsWith("contacts, page 1") || n.startsWith("events, page 1")),
  );
  await app.close();
}

async function main() {
  if (process.env.BENCH_PGLITE !== "0") {
    const pglite = await PGlite.create();
    const embedded = await openDatabase({ pglite });
    await migrate(embedded.db);
    await measure("PGlite (in-process)", embedded);
    await embedded.close();
  }

  if (process.env.BENCH_PG === "0") return;
  let url: string;
  try {
    url = await ensureDatabase(defaultBenchUrl(), process.env.BENCH_DB ?? "baton_bench_workspace");
  } catch (e) {
    console.log(`\nPostgreSQL: skipped (${(e as Error).message})`);
    return;
  }
  const server = await openDatabase({ url, poolSize: 4 });
  await migrate(server.db);
  await measure("PostgreSQL 15", server);
  await server.close();
}

await main();
