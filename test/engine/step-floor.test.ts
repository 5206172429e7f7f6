// The step's floor (bench/support/step-floor.sql, docs/performance-journal.md 0m) claims to write the rows one
// engine step writes, and no more: its figure bounds what the engine can cost only while that holds.
// Here the real engine runs the bench's one-step campaign for 20 enrollments on PostgreSQL (where an
// auto-sent step sends in its own transaction, issue 39 item 1), the floor runs one batch of 20 as
// the engine commits it, and each table's inserts and updates must be the same.
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { openDatabase } from "../../src/db/connect.ts";
import type { DB } from "../../src/db/database.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { testDatabase } from "../support/db.ts";
import { isCitus } from "../support/lock-waits.ts";
import { describeMultiConnection } from "../support/multi.ts";
import {
  createFloorCampaign,
  FLOOR_CLIENT,
  prepareStepFloor,
  STEP_FLOOR_LEAN_SCRIPT,
  seedFloorSlots,
} from "../support/step-floor.ts";
import { ownServerDatabase } from "../support/template.ts";
import { engineDeps } from "./engine-harness.ts";

const TABLES = [
  "cadence_event_log",
  "campaign_contacts",
  "contacts",
  "sales_send_queue",
  "staged_drafts",
  "channel_deliveries",
  "dev_email_outbox",
  "crm_outbox",
] as const;
type Writes = Record<string, { inserted: number; updated: number }>;

/** Rows inserted and updated so far in each table (the statistics flushed first). */
async function writes(db: Kysely<DB>): Promise<Writes> {
  await sql`select pg_stat_force_next_flush()`.execute(db);
  await sql`select 1`.execute(db); // the flush happens as a transaction ends
  await sql`select pg_stat_clear_snapshot()`.execute(db);
  const r = await sql<{ relname: string; ins: number; upd: number }>`
    select relname, n_tup_ins::int as ins, n_tup_upd::int as upd from pg_stat_user_tables
     where relname in (${sql.join([...TABLES])})`.execute(db);
  return Object.fromEntries(r.rows.map((x) => [x.relname, { inserted: x.ins, updated: x.upd }]));
}

const since = (after: Writes, before: Writes): Writes =>
  Object.fromEntries(
    TABLES.map((t) => [
      t,
      {
        inserted: after[t].inserted - before[t].inserted,
        updated: after[t].updated - before[t].updated,
      },
    ]),
  );

describeMultiConnection("the step's floor on PostgreSQL", () => {
  let database: Database;
  let own: Awaited<ReturnType<typeof ownServerDatabase>>;
  beforeAll(async () => {
    own = await ownServerDatabase("stepfloor");
    // one connection for the floor's prepared statements; the engine's ledger needs a second
    database = await openDatabase({ url: own.url, poolSize: 4 });
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await own?.drop();
  });

  it("writes, table by table, the rows the engine writes for the same steps", async () => {
    const db = database.db;
    const N = 20;
    const campaignId = await createFloorCampaign(db);
    // the engine's enrollments, seeded as bench:engine seeds them: parked far ahead, then released
    await sql`insert into contacts (client_id, full_name, email)
              select ${FLOOR_CLIENT}, 'en-' || g, 'en-' || g || '@bench.test' from generate_series(1, ${N}) g`.execute(
      db,
    );
    await sql`insert into campaign_contacts (client_id, contact_id, campaign_id, status, current_step, next_send_at,
                enrolled_at, sequence_type)
              select client_id, contact_id, ${campaignId}, 'active', 1, '2099-01-01', now(), 'nurture'
                from contacts where client_id = ${FLOOR_CLIENT} and full_name like 'en-%'`.execute(db);
    await seedFloorSlots(db, campaignId, N);
    // the engine on a pool of its own, closed after its passes: a backend's statistics are flushed
    // when it exits (an idle one's only later)
    const engineDb = await openDatabase({ url: own.url, poolSize: 4 });
    const deps = await engineDeps(engineDb);

    const beforeEngine = await writes(db);
    await sql`update campaign_contacts set next_send_at = now()
               where client_id = ${FLOOR_CLIENT} and status = 'active'`.execute(db);
    const live = async () =>
      (
        await sql<{ n: number }>`select count(*)::int as n from campaign_contacts
                                  where client_id = ${FLOOR_CLIENT} and status = 'active'`.execute(db)
      ).rows[0].n;
    for (let pass = 0; pass < 10 && (await live()) > 0; pass++)
      await runEngineOnce(deps, new Date(), { workerId: "floor-test", batch: 50 });
    expect(await live()).toBe(0);
    const sent = await sql<{ n: number }>`select count(*)::int as n from dev_email_outbox`.execute(db);
    expect(sent.rows[0].n).toBe(N);
    await engineDb.close();
    await new Promise((r) => setTimeout(r, 500));
    // on a Citus coordinator the rows are written on the workers' shards, whose statistics the
    // coordinator's pg_stat_user_tables does not hold: the engine ran (above), the count is a
    // single server's (bench:step-floor runs on one)
    if (await isCitus(db)) return;
    const engine = since(await writes(db), beforeEngine);

    const one = await openDatabase({ url: own.url, poolSize: 1 });
    try {
      const runBatch = await prepareStepFloor(one.db, true);
      const beforeFloor = await writes(db);
      await runBatch(0, N, "20261125");
      await sql`select pg_stat_force_next_flush()`.execute(one.db);
      await sql`select 1`.execute(one.db);
      const floor = since(await writes(db), beforeFloor);
      // one decision, the touch, the exit (before issue 39 item 1: a second decision at send)
      expect(engine.cadence_event_log.inserted).toBe(3 * N);
      // the bench's re-arm and the exit: the step's one version of the enrollment
      expect(engine.campaign_contacts.updated).toBe(2 * N);
      // the send item written once, already sent (issue 39 item 1: the message goes before the insert)
      expect(engine.sales_send_queue).toEqual({ inserted: N, updated: 0 });
      expect(floor).toEqual(engine);
    } finally {
      await one.close();
    }
  });
});

describe("the lean step's floor", () => {
  // issue 39: the lean step's floor (bench/support/step-floor-lean.sql) writes each fact once
  it("the lean step's floor writes nine rows a step and the message, nothing twice", async () => {
    const lean = await testDatabase();
    try {
      const db = lean.db;
      const N = 20;
      await seedFloorSlots(db, await createFloorCampaign(db), N);
      const runBatch = await prepareStepFloor(db, true, STEP_FLOOR_LEAN_SCRIPT);
      const before = await writes(db);
      await runBatch(0, N, "20261125");
      const w = since(await writes(db), before);
      const per = Object.fromEntries(TABLES.map((t) => [t, w[t].inserted + w[t].updated]));
      expect(per).toEqual({
        cadence_event_log: 3 * N, // the decision, the touch, the exit
        campaign_contacts: 2 * N, // the bench's re-arm, and the step's one version
        contacts: N,
        sales_send_queue: N,
        staged_drafts: N,
        channel_deliveries: N, // the ledger, once
        dev_email_outbox: N, // the message
        crm_outbox: N,
      });
      const ledger = await sql<{ status: string; message_id: string | null }>`
        select status, message_id from channel_deliveries where client_id = ${FLOOR_CLIENT}`.execute(db);
      expect(ledger.rows.every((r) => r.status === "sending" && r.message_id !== null)).toBe(true);
    } finally {
      await lean.close();
    }
  });
});
