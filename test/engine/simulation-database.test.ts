// The simulation's database draws the same statistics on every run (issue 14 item 7): `analyze`
// samples 30,000 rows of a larger table from PostgreSQL's own generator, which the simulation seeds
// with a fixed sequence, so two runs plan alike and give the same report at any size. Which tables
// it analyzes follows every change made, not how fast the machine ran.
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/connect.ts";
import { maintainChangedTables } from "../../src/simulation/simulate-days.ts";
import { simulationPglite } from "../../src/simulation/simulation-database.ts";

async function statistics(): Promise<string> {
  const pglite = await simulationPglite();
  try {
    await pglite.exec(`create table sampled (x int);
      insert into sampled select (g * 7919) % 100003 from generate_series(1, 60000) g;
      analyze sampled;`);
    const r = await pglite.query<{ h: string }>(
      "select histogram_bounds::text as h from pg_stats where tablename = 'sampled'",
    );
    return r.rows[0].h;
  } finally {
    await pglite.close();
  }
}

describe("the simulation's database", () => {
  it("samples a table past 30,000 rows the same way on every start", { timeout: 120_000 }, async () => {
    const [a, b] = [await statistics(), await statistics()];
    expect(a).toEqual(b);
  });
});

describe("maintainChangedTables", () => {
  it("vacuums a table once 50 rows + 20% of it are dead, as autovacuum would", {
    timeout: 60_000,
  }, async () => {
    const pglite = await simulationPglite();
    const database = await openDatabase({ pglite, ownPglite: true });
    try {
      await pglite.exec("create table churned (x int); create table kept (x int)");
      await pglite.exec("insert into churned select generate_series(1, 1000)");
      await pglite.exec("insert into kept select generate_series(1, 1000)");
      await maintainChangedTables(database.db);
      // every row of one table updated (1,000 dead), 10 rows of the other (under the threshold)
      await pglite.exec("update churned set x = x + 1");
      await pglite.exec("update kept set x = x + 1 where x <= 10");
      await maintainChangedTables(database.db);
      const r = await pglite.query<{ relname: string; vacuums: number; dead: number }>(
        `select relname, vacuum_count::int as vacuums, n_dead_tup::int as dead from pg_stat_user_tables
          where relname in ('churned', 'kept') order by relname`,
      );
      // 1,000 inserts into an empty table stay under 1,000 + 20% of it; 1,000 dead rows do not
      expect(r.rows).toEqual([
        { relname: "churned", vacuums: 1, dead: 0 },
        { relname: "kept", vacuums: 0, dead: 10 },
      ]);
    } finally {
      await database.close();
    }
  });

  it("counts every change, however soon after the backend last sent its counts", {
    timeout: 60_000,
  }, async () => {
    const pglite = await simulationPglite();
    const database = await openDatabase({ pglite, ownPglite: true });
    try {
      await pglite.exec("create table changed (x int)");
      // past a second since the last send, the next idle moment sends the counts; the insert comes
      // right after it, so its counts wait in the backend for up to a second
      await new Promise((r) => setTimeout(r, 1_100));
      await pglite.exec("select 1");
      await pglite.exec("insert into changed select generate_series(1, 1000)");
      await maintainChangedTables(database.db);
      const r = await pglite.query<{ analyzed: boolean }>(
        "select last_analyze is not null as analyzed from pg_stat_user_tables where relname = 'changed'",
      );
      expect(r.rows[0].analyzed).toBe(true);
    } finally {
      await database.close();
    }
  });
});

describe("the simulation's tables", () => {
  // one database loaded from the template for both (a load is seconds)
  let pglite: PGlite;
  beforeAll(async () => {
    pglite = await simulationPglite();
  }, 120_000);
  afterAll(async () => pglite.close());

  it("are unlogged, every one: no write-ahead log for a database nothing will replay", {
    timeout: 120_000,
  }, async () => {
    const r = await pglite.query<{ persistence: string; n: number }>(
      `select relpersistence as persistence, count(*)::int as n from pg_class
        where relkind = 'r' and relnamespace = 'public'::regnamespace group by 1 order by 1`,
    );
    // Baton's tables, the referenced ones included (a logged table may not reference an unlogged one)
    expect(r.rows).toEqual([{ persistence: "u", n: expect.any(Number) }]);
    expect(r.rows[0].n).toBeGreaterThan(50);
    // they hold what is written to them, without writing it to the WAL: 1,000 tenants against the
    // same 1,000 rows in a logged table of the same shape
    const walBytes = async (statement: string) => {
      const lsn = async () =>
        (await pglite.query<{ l: string }>("select pg_current_wal_insert_lsn()::text as l")).rows[0].l;
      const before = await lsn();
      await pglite.exec(statement);
      const r = await pglite.query<{ n: number }>(
        `select pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '${before}')::int as n`,
      );
      return r.rows[0].n;
    };
    await pglite.exec("create table logged_probe (client_id text primary key, name text not null)");
    const logged = await walBytes(
      "insert into logged_probe select 'probe-' || g, 'probe' from generate_series(1, 1000) g",
    );
    const unlogged = await walBytes(
      "insert into clients (client_id, name) select 'probe-' || g, 'probe' from generate_series(1, 1000) g",
    );
    expect((await pglite.query("select 1 from clients where client_id like 'probe-%'")).rows).toHaveLength(
      1000,
    );
    expect(logged).toBeGreaterThan(50_000);
    expect(unlogged).toBeLessThan(logged / 10);
  });

  it("have BRIN indexes the planner costs above zero once loaded from the template", {
    timeout: 120_000,
  }, async () => {
    // reset to its init fork by the load, a BRIN index is its metapage alone, and the planner
    // reads its revmap as 2^32 - 1 pages: a scan "costs" about -1.3e10 (journal 1j.1)
    const blocks = await pglite.query<{ ix: string; blocks: number }>(
      `select c.relname as ix, (pg_relation_size(c.oid) / current_setting('block_size')::int)::int as blocks
         from pg_class c join pg_am a on a.oid = c.relam where a.amname = 'brin' order by 1`,
    );
    expect(blocks.rows.length).toBeGreaterThan(0);
    for (const r of blocks.rows) expect(r.blocks, r.ix).toBeGreaterThanOrEqual(2);
    await pglite.exec("set enable_seqscan = off; set enable_indexscan = off");
    // (reset below: the database is the describe's)
    const plan = await pglite.query<{ "QUERY PLAN": { Plan: { "Total Cost": number } }[] }>(
      "explain (format json) select 1 from cadence_event_log where occurred_at > now() - interval '7 days'",
    );
    expect(JSON.stringify(plan.rows[0]["QUERY PLAN"])).toContain("cadence_event_log_time_brin");
    expect(plan.rows[0]["QUERY PLAN"][0].Plan["Total Cost"]).toBeGreaterThan(0);
    await pglite.exec("reset enable_seqscan; reset enable_indexscan");
  });
});
