// The operator's cluster as Baton needs it (issue 57; docs/scaling.md): `baton db distribute` sets the
// database's settings on every node, not only the coordinator, and `baton doctor`'s Citus check finds
// nothing missing on a cluster built as the docs say, and names what is missing when a worker's
// database lacks a setting. Only against a Citus coordinator (TEST_CITUS_URL).
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CLUSTER_DATABASE_SETTINGS, clusterProblems } from "../../src/db/citus-cluster.ts";
import type { Database } from "../../src/db/connect.ts";
import { distribute } from "../../src/db/distribute.ts";
import { serverDatabase } from "../support/db.ts";
import { describeCitus } from "../support/multi.ts";

describeCitus("a Citus cluster as Baton needs it", () => {
  let d: Database;
  beforeAll(async () => {
    d = await serverDatabase(2);
  });
  afterAll(async () => d?.close());

  it("distribute sets the database's settings on every node; the doctor finds nothing missing", async () => {
    const r = await distribute(d.db);
    const workers = await sql<{ n: number }>`
      select count(*)::int as n from pg_dist_node where groupid <> 0 and noderole = 'primary'`.execute(d.db);
    expect(r.settings_on).toHaveLength(1 + workers.rows[0].n);
    expect(r.problems).toEqual([]);
    for (const [name, value] of Object.entries(CLUSTER_DATABASE_SETTINGS)) {
      const on = await sql<{
        result: string;
      }>`select result from run_command_on_all_nodes(${`show ${name}`})`.execute(d.db);
      expect([name, on.rows.map((x) => x.result)]).toEqual([name, on.rows.map(() => value)]);
    }
    expect(await clusterProblems(d.db)).toEqual([]);
  });

  it("names a worker whose database lacks a setting, and the step that fixes it", async () => {
    const database = (await sql<{ d: string }>`select current_database() as d`.execute(d.db)).rows[0].d;
    await sql`select run_command_on_workers(${`alter database "${database}" reset jit`})`.execute(d.db);
    try {
      const problems = await clusterProblems(d.db);
      expect(problems.length).toBeGreaterThan(0);
      expect(
        problems.every((p) =>
          /jit is on in new sessions of this database, not off: run `baton db distribute`/.test(p),
        ),
      ).toBe(true);
    } finally {
      await distribute(d.db);
    }
    expect(await clusterProblems(d.db)).toEqual([]);
  });
});
