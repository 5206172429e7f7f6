// PostgreSQL: the rollups behind the event log's cursor (migrations 0310, 0311) under concurrent
// writers. Event ids are drawn from a sequence and commit out of order: a transaction holding the
// lower ids commits after one holding higher ids. A cursor kept in ids would have skipped the first;
// the cursor kept in transaction ids does not pass the open transaction, then catches up, and the
// rollups equal a count from scratch. Writers no longer touch the rollup, so they never wait on it.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createCampaign } from "../../src/campaigns/define-campaign.ts";
import type { Database } from "../../src/db/connect.ts";
import { advanceTenantCursors } from "../../src/event-log/advance-cursors.ts";
import { campaignFunnel } from "../../src/learning/read-funnel.ts";
import { newContact } from "../campaigns/helpers.ts";
import { ownServerTestDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

describeMultiConnection("event log cursors on PostgreSQL: commits out of order", () => {
  let database: Database;
  let t: Tenant;
  let campaignId: string;
  let contactId: string;
  const when = new Date("2026-03-03T10:00:00Z");

  beforeAll(async () => {
    database = await ownServerTestDatabase("cursors", 8);
    t = await createTenant(database.db, "rollupc");
    const c = await createCampaign(
      database.db,
      t.revops,
      {
        slug: "rc",
        name: "Rollup concurrency",
        type: "membership",
        owner_role: "roles.bdr",
        steps: [
          {
            step_number: 1,
            delay_days: 0,
            channel: "email",
            content_type: "follow_up",
            template_instructions: "x",
          },
        ],
      },
      when,
    );
    campaignId = c.id;
    contactId = (await newContact(database.db, t.clientId, "Rollup C")).contactId;
  }, 60_000);
  afterAll(async () => database?.close());

  const touches = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      client_id: t.clientId,
      occurred_at: when,
      contact_id: contactId,
      campaign_id: campaignId,
      step_number: 1,
      event_type: "touch",
      // a few suppressed ones too, for the dashboard's rollup
      suppressed_reason: i % 10 === 0 ? ("touch_cap_exceeded" as const) : null,
      details: JSON.stringify({ kind: "touch", variant: null }),
    }));
  const rolledSent = async () =>
    (
      await sql<{ n: number }>`select coalesce(sum(n), 0)::int as n from learning_funnel_rollup
        where client_id = ${t.clientId} and metric = 'sent'`.execute(database.db)
    ).rows[0].n;
  const horizon = async () =>
    Number(
      (
        await sql<{
          h: string;
        }>`select min(horizon) as h from event_log_cursors where client_id = ${t.clientId}`.execute(
          database.db,
        )
      ).rows[0].h,
    );

  it("does not pass an open transaction's lower ids, then catches up to a count from scratch", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let inserted!: (x: { ids: number[]; xact: number }) => void;
    const firstInserted = new Promise<{ ids: number[]; xact: number }>((r) => {
      inserted = r;
    });
    const first = database.db.transaction().execute(async (tx) => {
      const rows = await tx
        .insertInto("cadence_event_log")
        .values(touches(30))
        .returning("event_id")
        .execute();
      const xact = (await sql<{ x: string }>`select txid_current() as x`.execute(tx)).rows[0].x;
      inserted({ ids: rows.map((r) => Number(r.event_id)), xact: Number(xact) });
      await held;
    });
    const a = await firstInserted;
    // a second writer commits while the first is open: it does not wait (no rollup row to lock)
    const b = await database.db.transaction().execute(async (tx) => {
      await sql`set local lock_timeout = '2s'`.execute(tx);
      const rows = await tx
        .insertInto("cadence_event_log")
        .values(touches(20))
        .returning("event_id")
        .execute();
      return rows.map((r) => Number(r.event_id));
    });
    expect(Math.min(...b)).toBeGreaterThan(Math.max(...a.ids)); // b commits the higher ids first

    await advanceTenantCursors(database.db, t.clientId);
    // the cursor stops before the open transaction: b's committed rows are not folded in either
    expect(await horizon()).toBeLessThanOrEqual(a.xact);
    expect(await rolledSent()).toBe(0);
    // the funnel reads the tail past the cursor: b's touches show at once
    expect((await campaignFunnel(database.db, t.clientId, "rc")).steps[0].sent).toBe(20);

    release();
    await first;
    expect((await campaignFunnel(database.db, t.clientId, "rc")).steps[0].sent).toBe(50);
    // the horizon is the server's oldest open transaction (any database's): advance until it passes
    for (let i = 0; i < 60 && (await horizon()) <= a.xact + 1; i++) {
      await advanceTenantCursors(database.db, t.clientId);
      if ((await horizon()) <= a.xact + 1) await new Promise((r) => setTimeout(r, 500));
    }
    expect(await horizon()).toBeGreaterThan(a.xact);
    expect(await rolledSent()).toBe(50);
    // the rollups equal a count from scratch over the whole log
    // (two statements and an EXCEPT ALL here: on Citus one statement may not read a distributed table
    // and call a function that reads others)
    const rolled = await sql<Record<string, unknown>>`
      select campaign_id, step_number, variant, week::text, metric, sum(n)::int as n from learning_funnel_rollup
       where client_id = ${t.clientId} group by 1, 2, 3, 4, 5`.execute(database.db);
    const counted = await sql<Record<string, unknown>>`
      select campaign_id, step_number, variant, week::text, metric, n::int as n
        from learning_rollup_rows(${t.clientId}, 0, null)`.execute(database.db);
    const left = counted.rows.map((r) => JSON.stringify(r));
    const learning = rolled.rows.filter((r) => {
      const i = left.indexOf(JSON.stringify(r));
      if (i < 0) return true;
      left.splice(i, 1);
      return false;
    });
    expect(learning).toEqual([]);
    const daily = await sql<{ kind: string; reason: string; n: number }>`
      select kind, reason, n::int as n from event_log_daily where client_id = ${t.clientId} order by 1, 2`.execute(
      database.db,
    );
    const scratch = await sql<{ kind: string; reason: string; n: number }>`
      select kind, reason, n::int as n from event_log_daily_rows(${t.clientId}, 0, null, null, null) order by 1, 2`.execute(
      database.db,
    );
    expect(daily.rows).toEqual(scratch.rows);
    expect(daily.rows).toEqual([
      { kind: "suppressed", reason: "touch_cap_exceeded", n: 5 },
      { kind: "touch", reason: "", n: 50 },
    ]);
    // a further pass with nothing new writes nothing, and counts nothing twice
    await advanceTenantCursors(database.db, t.clientId);
    expect(await rolledSent()).toBe(50);
  }, 60_000);
});
