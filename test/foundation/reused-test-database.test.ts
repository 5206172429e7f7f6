// A test database closed by one file is kept for the next only when it is the template's again
// (test/support/reused-database.ts): no file sees another's rows, settings or statistics.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant } from "../support/tenant.ts";

const reuse = process.env.BATON_TEST_DB_REUSE !== "0";

/** what a file could leave behind and see: rows, sequences, statistics, counters, the session */
async function footprint(database: Database) {
  const { db } = database;
  const rows = await sql<{ name: string }>`
    select relname as name from pg_class
     where relkind = 'r' and relnamespace = 'public'::regnamespace and pg_relation_size(oid) > 0
     order by 1`.execute(db);
  const sequences = await sql<{ n: number }>`
    select count(*)::int as n from pg_sequences where last_value is not null`.execute(db);
  const stats = await sql<{ reltuples: number; columns: number }>`
    select reltuples, (select count(*)::int from pg_statistic where starelid = 'cadence_event_log'::regclass) as columns
      from pg_class where oid = 'cadence_event_log'::regclass`.execute(db);
  const counters = await sql<{ n: string }>`
    select coalesce(sum(n_tup_ins), 0)::text as n from pg_stat_user_tables where relname <> 'baton_migrations'`.execute(
    db,
  );
  const session = await sql<{ role: string; timezone: string; work_mem: string }>`
    select current_user as role, current_setting('timezone') as timezone, current_setting('work_mem') as work_mem`.execute(
    db,
  );
  return {
    written: rows.rows.map((r) => r.name),
    sequencesUsed: sequences.rows[0]?.n,
    eventLog: stats.rows[0],
    inserted: counters.rows[0]?.n,
    session: session.rows[0],
  };
}

/** a file's work: a tenant, its people and their events, an analyze, settings, a transaction left open */
async function use(database: Database): Promise<void> {
  await createTenant(database.db);
  await database.pglite?.exec("analyze; set timezone = 'Asia/Tokyo'; set work_mem = '7MB'; begin;");
}

describe.runIf(reuse)("a test database kept between files", () => {
  it.each([
    ["comes back with no rows, no used sequence, the template's statistics and a fresh session", false],
    ["is kept when a file left a transaction open: rolled back, then reset", true],
  ])("%s", async (_what, leftOpen) => {
    const first = await testDatabase();
    const fresh = await footprint(first);
    await use(first);
    if (!leftOpen) {
      await first.pglite?.exec("rollback");
      expect((await footprint(first)).written.length).toBeGreaterThan(fresh.written.length);
    }
    const pglite = first.pglite;
    await first.close();

    const second = await testDatabase();
    try {
      expect(second.pglite).toBe(pglite);
      // a backend flushes its counters at most once a second: those the file left pending would
      // show now if the reset had not flushed them before resetting
      await new Promise((r) => setTimeout(r, 1100));
      await second.pglite?.query("select 1");
      expect(await footprint(second)).toEqual(fresh);
    } finally {
      await second.close();
    }
  });

  it("is kept once when a file closes its database twice", async () => {
    const first = await testDatabase();
    const pglite = first.pglite;
    await first.close();
    await first.close();
    expect(pglite?.closed).toBe(false);
    const second = await testDatabase();
    try {
      expect(second.pglite).toBe(pglite);
      expect((await second.pglite?.query<{ one: number }>("select 1 as one"))?.rows).toEqual([{ one: 1 }]);
    } finally {
      await second.close();
    }
  });

  it.each([
    ["a table created", "create table probe_table (a int)"],
    ["a trigger turned off", "alter table cadence_event_log disable trigger user"],
    ["a function created", "create function probe_function() returns int language sql as 'select 1'"],
    ["a role created", "create role probe_role"],
    ["a database setting", "alter database postgres set work_mem = '9MB'"],
    ["the seeded rows changed", "delete from baton_owner_settings"],
  ])("is started afresh after %s", async (_what, statement) => {
    const first = await testDatabase();
    await first.pglite?.exec(statement);
    const pglite = first.pglite;
    await first.close();
    expect(pglite?.closed).toBe(true);
    const second = await testDatabase();
    try {
      expect(second.pglite).not.toBe(pglite);
    } finally {
      await second.close();
    }
  });
});
