// PostgreSQL: the rollup trigger under concurrent writers. Two open transactions counting touches
// of the same campaign, step and week do not wait for each other (each connection writes its own
// shard, 0141), and the funnel sums the shards.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createCampaign } from "../../src/campaigns/define-campaign.ts";
import type { Database } from "../../src/db/connect.ts";
import { campaignFunnel } from "../../src/learning/read-funnel.ts";
import { newContact } from "../campaigns/helpers.ts";
import { serverDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

describeMultiConnection("rollup trigger on PostgreSQL: concurrent writers", () => {
  let database: Database;
  let t: Tenant;
  let campaignId: string;
  let contactId: string;
  const when = new Date("2026-03-03T10:00:00Z");

  beforeAll(async () => {
    database = await serverDatabase(8);
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
    Array.from({ length: n }, () => ({
      client_id: t.clientId,
      occurred_at: when,
      contact_id: contactId,
      campaign_id: campaignId,
      step_number: 1,
      event_type: "touch",
      details: JSON.stringify({ kind: "touch", variant: null }),
    }));

  it("a second writer commits while the first still holds its transaction open", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let firstPid = -1;
    let inserted!: () => void;
    const firstInserted = new Promise<void>((r) => {
      inserted = r;
    });
    const first = database.db.transaction().execute(async (tx) => {
      firstPid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx)).rows[0].pid;
      await tx.insertInto("cadence_event_log").values(touches(30)).execute();
      inserted();
      await held;
    });
    await firstInserted;
    // a connection on another shard than the first
    const second = await database.db.transaction().execute(async (tx) => {
      const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx)).rows[0].pid;
      if (pid % 16 === firstPid % 16) return "same shard";
      await sql`set local lock_timeout = '2s'`.execute(tx);
      await tx.insertInto("cadence_event_log").values(touches(20)).execute();
      return "committed";
    });
    release();
    await first;
    if (second === "same shard") return; // 1 in 16: nothing to show on this pair of connections
    expect(second).toBe("committed");
    const f = await campaignFunnel(database.db, t.clientId, "rc");
    expect(f.steps[0].sent).toBe(50);
    const shards = await sql<{ n: number }>`select count(distinct shard)::int as n from learning_funnel_rollup
      where client_id = ${t.clientId} and metric = 'sent'`.execute(database.db);
    expect(shards.rows[0].n).toBe(2);
  });
});
