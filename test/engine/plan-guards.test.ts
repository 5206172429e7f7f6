// Plans that the speed of the engine and the coordinator depends on, pinned as plan shapes
// (docs/performance-journal.md section 0.3): a later edit that writes the same rows with a slower plan
// fails here instead of only in a benchmark. Each statement is the production one, EXPLAINed as a
// GENERIC plan (PostgreSQL 16+; the embedded database) with sequential scans off, so the test asks
// which indexes CAN serve the statement, not which one a tiny test table happens to prefer.
import { type Kysely, type RawBuilder, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockContactsStatement } from "../../src/coordinator/snapshot/batch-snapshot.ts";
import { lockCappedAccountsStatement } from "../../src/coordinator/snapshot/lock-accounts.ts";
import { touchesQuery } from "../../src/coordinator/snapshot/lock-contact.ts";
import { sendWindowFactsQuery } from "../../src/coordinator/snapshot/send-window-facts.ts";
import type { Database } from "../../src/db/connect.ts";
import type { DB } from "../../src/db/database.ts";
import { dueStepTenantsStatement, lockDueStatement } from "../../src/engine/due-steps.ts";
import { finishedEnrollmentsPick, tenantsWithFinished } from "../../src/engine/finish-sequences.ts";
import { clearStatistics, testDatabase } from "../support/db.ts";
import { createTenant } from "../support/tenant.ts";
import { enrolledTenant, oneStepNurture, planCacheCounts } from "./engine-harness.ts";

let d: Database;
beforeAll(async () => {
  d = await testDatabase();
  await clearStatistics(d.db);
});
afterAll(async () => d.close());

const now = new Date("2026-03-10T12:00:00Z");

/** The generic plan of a compiled statement ($n placeholders, no values), as text. */
async function genericPlan(statement: string): Promise<string> {
  return d.db.transaction().execute(async (tx: Kysely<DB>) => {
    await sql`set local enable_seqscan = off`.execute(tx);
    const r = await sql<{
      "QUERY PLAN": string;
    }>`explain (generic_plan, costs off) ${sql.raw(statement)}`.execute(tx);
    return r.rows.map((x) => x["QUERY PLAN"]).join("\n");
  });
}

describe("plans the engine and the coordinator rely on", () => {
  it("gate 3's touch read can use the partial touch index in a generic plan (it runs as a named statement)", async () => {
    const q = touchesQuery(d.db, "c1", "00000000-0000-4000-8000-000000000001", now).compile();
    const plan = await genericPlan(q.sql);
    // with event_type as a parameter the partial index (where event_type = 'touch') is unusable
    expect(plan).toContain("cadence_event_log_touch_idx");
  });

  it("the account cap's touch read (issue 61) uses the account touch index in a generic plan, newest first", async () => {
    const q = sendWindowFactsQuery("c1", { enrollmentIds: ["00000000-0000-4000-8000-000000000001"] }).compile(
      d.db,
    );
    const plan = await genericPlan(q.sql);
    // the account's latest `cap` touches: a backward scan of (client_id, account_id, occurred_at)
    expect(plan).toMatch(/Index Only Scan Backward using cadence_event_log_account_touch_idx/);
  });

  it("the finish claim probes each candidate's send items by enrollment, never the unsent index", async () => {
    const q = finishedEnrollmentsPick(now, 200, "c1").compile(d.db);
    const plan = await genericPlan(q.sql);
    // both checks on the send items stay subplans: a probe of enrollment_idx per candidate
    expect(plan.match(/SubPlan/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    expect(plan).toContain("sales_send_queue_enrollment_idx");
    // written as the unsent statuses, the check and-ed this whole partial index into every probe
    expect(plan).not.toContain("sales_send_queue_unsent_contact_idx");
  });
  it("the batch's contact lock finds each contact by its key, also in a tenant of 12,000 contacts", async () => {
    const t = await enrolledTenant(d.db, "pg", 12_000, now);
    await sql`analyze contacts, campaign_contacts`.execute(d.db);
    const ids = (
      await d.db
        .selectFrom("campaign_contacts")
        .select("id")
        .where("client_id", "=", t.clientId)
        .limit(200)
        .execute()
    ).map((r) => r.id);
    // a custom plan, with the batch's 200 ids bound, as the statement runs
    const r = await d.db.transaction().execute((tx) =>
      sql<{
        "QUERY PLAN": string;
      }>`explain (costs off) ${lockContactsStatement(t.clientId, { enrollmentIds: ids })}`.execute(tx),
    );
    const plan = r.rows.map((x) => x["QUERY PLAN"]).join("\n");
    // written as "in (select ...)" it hash-joined the owners against a sequential scan of contacts
    expect(plan).not.toContain("Seq Scan on contacts");
    expect(plan).toMatch(/contacts_pkey/);
  });

  it("a tenant without account caps runs no account work in the batches' lock and window facts", async () => {
    const t = await createTenant(d.db, "nocap");
    const campaign = await oneStepNurture(d.db, t.revops, "nocap_nurture", now);
    const [account] = (
      await sql<{ account_id: string }>`insert into accounts (client_id, name) values (${t.clientId}, 'Acme')
        returning account_id`.execute(d.db)
    ).rows;
    await sql`insert into contacts (client_id, full_name, email, account_id)
              select ${t.clientId}, 'p' || g, 'p' || g || '@nocap.test', ${account.account_id}::uuid
                from generate_series(1, 20) g`.execute(d.db);
    const enrolled = await sql<{ id: string; contact_id: string }>`
      insert into campaign_contacts (client_id, contact_id, campaign_id, status, current_step, next_send_at,
                                     enrolled_at, sequence_type)
      select client_id, contact_id, ${campaign.id}, 'active', 1, ${now}, ${now}, 'nurture'
        from contacts where client_id = ${t.clientId} returning id, contact_id`.execute(d.db);
    const ids = enrolled.rows.map((r) => r.id);
    const contactIds = enrolled.rows.map((r) => r.contact_id);
    // with statistics, as a tenant's tables have them (autovacuum, the simulator's own analyze)
    await sql`analyze contacts, accounts, segments, campaigns, campaign_contacts`.execute(d.db);
    const analyzed = (q: RawBuilder<unknown>) =>
      d.db.transaction().execute(async (tx) => {
        const r = await sql<{
          "QUERY PLAN": string;
        }>`explain (analyze, costs off, timing off, summary off) ${q}`.execute(tx);
        return r.rows.map((x) => x["QUERY PLAN"]).join("\n");
      });
    const lock = () => analyzed(lockCappedAccountsStatement(t.clientId, contactIds));
    const facts = () => analyzed(sendWindowFactsQuery(t.clientId, { enrollmentIds: ids }));
    // every node that reads the tenant's contacts, accounts or segments for the items: never run
    const readsItems = (plan: string) =>
      plan
        .split("\n")
        // aliased: the items' own rows (the one-time filter's two probes have no alias)
        .filter((l) => /Scan .* on (contacts|accounts|segments) [a-z][a-z_0-9]* \(/.test(l));
    // the lock: all of it behind a one-time filter; the facts: the items' campaigns read (none has a
    // window or a cap here), nothing of their contacts
    const locking = await lock();
    expect(locking).toContain("One-Time Filter");
    for (const plan of [locking, await facts()]) {
      const lines = readsItems(plan);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line).toContain("never executed");
    }
    // a cap of the account's own: both read it
    await sql`update accounts set weekly_touch_cap = 3 where client_id = ${t.clientId}`.execute(d.db);
    const rows = await d.db.transaction().execute(async (tx) => ({
      locked: (await lockCappedAccountsStatement(t.clientId, contactIds).execute(tx)).rows,
      facts: (await sendWindowFactsQuery(t.clientId, { enrollmentIds: ids }).execute(tx)).rows,
    }));
    expect(rows.locked).toEqual([{ account_id: account.account_id }]);
    expect(rows.facts).toHaveLength(20);
    expect(rows.facts.every((f) => f.account_touch_cap === 3)).toBe(true);
    // its segment's cap, the account's own cleared: the same
    await sql`insert into segments (client_id, segment, name, account_weekly_touch_cap) values (${t.clientId}, 'smb', 'SMB', 2)`.execute(
      d.db,
    );
    await sql`update accounts set weekly_touch_cap = null, segment = 'smb' where client_id = ${t.clientId}`.execute(
      d.db,
    );
    const bySegment = await d.db.transaction().execute(async (tx) => ({
      locked: (await lockCappedAccountsStatement(t.clientId, contactIds).execute(tx)).rows,
      facts: (await sendWindowFactsQuery(t.clientId, { enrollmentIds: ids }).execute(tx)).rows,
    }));
    expect(bySegment.locked).toEqual([{ account_id: account.account_id }]);
    expect(bySegment.facts.every((f) => f.account_touch_cap === 2)).toBe(true);
  });
});

// a database of its own: with several tenants of different sizes the tenant's value alone moves the
// claim's cost (its share of the table), and the plan cache may rightly plan each call for its tenant
describe("the engine's claims and their fan-outs", () => {
  let own: Database;
  beforeAll(async () => {
    own = await testDatabase();
  });
  afterAll(async () => own.close());

  it("keep their generic plan after five calls, as named statements do", async () => {
    // the only tenant (its share of the table is estimated alike with and without its value), 2,000
    // enrollments due a minute apart, with statistics: planned with its values, the claim costs the
    // due index from the histogram and the batch; with the defaults its generic plan looked 70 times
    // dearer, and the plan cache planned the claim again at every call
    const t = await enrolledTenant(own.db, "claims", 2_000, now, 1);
    await sql`analyze contacts, campaign_contacts`.execute(own.db);
    const plans = (name: string, q: RawBuilder<unknown>) => planCacheCounts(own.db, name, q);
    // five custom plans, then the generic plan kept for the other three calls
    expect(await plans("due_claim", lockDueStatement(t.clientId, now, 50))).toEqual({
      generic: 3,
      custom: 5,
    });
    expect(await plans("finish_pick", finishedEnrollmentsPick(now, 200, t.clientId))).toEqual({
      generic: 3,
      custom: 5,
    });
    // the two fan-outs across tenants before them (every poll of every worker), at a time when 10
    // of the 2,000 are due. Here their plain forms kept their generic plans too; a server did not
    // (test/engine/plan-cache-server.test.ts)
    const early = new Date(now.getTime() - 1_990 * 60_000);
    expect(await plans("due_tenants", dueStepTenantsStatement(early, 200))).toEqual({
      generic: 3,
      custom: 5,
    });
    expect(await plans("finished_tenants", tenantsWithFinished(early, 200))).toEqual({
      generic: 3,
      custom: 5,
    });
  });
});
