// The engine's claims and their fan-outs keep one plan on a PostgreSQL server (journal 1j.2, 1k.2).
// Every poll of every worker runs a fan-out across tenants, and every pass a claim per tenant. On
// PGlite their plain forms kept their generic plans too (plan-guards.test.ts), so only a server
// shows whether they are planned again at every call: with the time's value and the limit a
// parameter the due fan-out was (0 generic plans of 8 on PostgreSQL 15; 0.26 ms a call to plan).
// On Citus the same statements run (a fan-out across shards may not hold a subquery in its LIMIT),
// and the coordinator's plan cache is Citus's own, so there only their answers are checked.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { openDatabase } from "../../src/db/connect.ts";
import { dueStepTenants, dueStepTenantsStatement, lockDueStatement } from "../../src/engine/due-steps.ts";
import { finishedEnrollmentsPick, tenantsWithFinished } from "../../src/engine/finish-sequences.ts";
import { citusUrl } from "../support/citus.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { ownServerDatabase } from "../support/template.ts";
import { enrolledTenant, planCacheCounts } from "./engine-harness.ts";

const now = new Date("2026-03-10T12:00:00Z");

describeMultiConnection("the engine's claims and fan-outs on a server", () => {
  let database: Database;
  let own: Awaited<ReturnType<typeof ownServerDatabase>>;
  beforeAll(async () => {
    own = await ownServerDatabase("plancache");
    database = await openDatabase({ url: own.url, poolSize: 2 });
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await own?.drop();
  });

  it("keep their generic plan after five calls, with 20 of a tenant's 20,000 enrollments due", async () => {
    const db = database.db;
    // due over two weeks in no order of the table's own (as steps written over time leave them),
    // with statistics as autovacuum keeps them: at `early` the histogram says few are due, as
    // between a worker's polls
    const t = await enrolledTenant(db, "plancache", 20_000, now);
    // (to_timestamp: Citus refuses a STABLE function of a column in an UPDATE, as timestamptz - interval)
    await sql`update campaign_contacts e
                 set next_send_at = to_timestamp(${now.getTime() / 1000} - (abs(hashtext(e.id::text)) % 20000) * 60)
               where e.client_id = ${t.clientId}`.execute(db);
    await sql`analyze contacts, campaign_contacts`.execute(db);
    const early = new Date(now.getTime() - 19_980 * 60_000);
    expect(await dueStepTenants(db, early, 800)).toEqual([t.clientId]);

    const counts = {
      dueTenants: await planCacheCounts(db, "pcs_due_tenants", dueStepTenantsStatement(early, 800)),
      finishedTenants: await planCacheCounts(db, "pcs_finished_tenants", tenantsWithFinished(early, 200)),
      dueClaim: await planCacheCounts(db, "pcs_due_claim", lockDueStatement(t.clientId, early, 200)),
      finishPick: await planCacheCounts(
        db,
        "pcs_finish_pick",
        finishedEnrollmentsPick(early, 200, t.clientId),
      ),
    };
    if (citusUrl()) return;
    const kept = { generic: 3, custom: 5 };
    expect(counts).toEqual({ dueTenants: kept, finishedTenants: kept, dueClaim: kept, finishPick: kept });
  });
});
