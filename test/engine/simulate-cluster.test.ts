// `baton simulate --server` on a Citus coordinator (issue 57): the throw-away database is built on
// every node and distributed (simulation-database.ts), it is dropped on every node afterwards, and a
// seed gives the same report there as on a single node of the same coordinator, in the same run
// (simulate-on-cluster.ts). Only against a Citus coordinator (TEST_CITUS_URL).
import { sql } from "kysely";
import { expect, it } from "vitest";
import { openDatabase } from "../../src/db/connect.ts";
import { buildEngine } from "../../src/runtime/engine.ts";
import { simulateClusterAgainstSingleNode } from "../../src/simulation/simulate-on-cluster.ts";
import { describeCitus } from "../support/multi.ts";
import { withSimulationLock } from "../support/simulation-lock.ts";

async function simulationDatabases(url: string, port?: number): Promise<string[]> {
  const u = new URL(url);
  if (port) u.port = String(port);
  const admin = await openDatabase({ url: u.toString(), poolSize: 1 });
  try {
    const r = await sql<{ datname: string }>`
      select datname from pg_database where datname like 'baton_simulation_%' order by 1`.execute(admin.db);
    return r.rows.map((x) => x.datname);
  } finally {
    await admin.close();
  }
}

describeCitus("baton simulate --server on a Citus coordinator", () => {
  const url = process.env.TEST_CITUS_URL as string;

  it("distributes its database, drops it on every node, and reports what a single node does", {
    timeout: 600_000,
  }, async () => {
    await withSimulationLock(url, async () => {
      const admin = await openDatabase({ url, poolSize: 1 });
      const ports = (
        await sql<{
          nodeport: number;
        }>`select nodeport from pg_dist_node where noderole = 'primary' order by nodeid`.execute(admin.db)
      ).rows.map((n) => n.nodeport);
      await admin.close();
      const before = await Promise.all(ports.map((p) => simulationDatabases(url, p)));
      const { report, comparison } = await simulateClusterAgainstSingleNode(
        {
          days: 5,
          contacts: 60,
          seed: 1,
          serverUrl: url,
        },
        buildEngine,
      );
      expect(comparison.same_report).toBe(true);
      expect(report.touchesTotal).toBeGreaterThan(0);
      expect(comparison.cluster.seconds).toBeGreaterThan(0);
      expect(await Promise.all(ports.map((p) => simulationDatabases(url, p)))).toEqual(before);
    });
  });
});
