// The Citus mode (issue 40; docs/scaling.md): the run's database, built on every node and distributed
// by `baton db distribute`'s code, holds every Baton table as Citus should (the reference tables, and
// every other one by client_id co-located with clients); distributing again changes nothing; and
// who is acting reaches the triggers on the workers (SET LOCAL, src/db/actor-context.ts).
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { distribute } from "../../src/db/distribute.ts";
import { REFERENCE_TABLES, readTables } from "../../src/db/tenant-keys.ts";
import { serverDatabase } from "../support/db.ts";
import { describeCitus } from "../support/multi.ts";

describeCitus("Baton distributed on Citus", () => {
  let d: Database;
  beforeAll(async () => {
    d = await serverDatabase(4);
  });
  afterAll(async () => d?.close());

  it("every table is a reference table or distributed by client_id, co-located with clients", async () => {
    const held = await sql<{ t: string; method: string; column: string | null; colocated: boolean }>`
      select c.relname as t, p.partmethod as method, column_to_column_name(p.logicalrelid, p.partkey) as column,
             p.colocationid = (select colocationid from pg_dist_partition where logicalrelid = 'clients'::regclass) as colocated
        from pg_dist_partition p join pg_class c on c.oid = p.logicalrelid
       where c.relnamespace = current_schema()::regnamespace`.execute(d.db);
    const byName = new Map(held.rows.map((r) => [r.t, r]));
    const problems: string[] = [];
    for (const t of await readTables(d.db)) {
      const h = byName.get(t.name);
      if (!h) problems.push(`${t.name}: not distributed`);
      else if (REFERENCE_TABLES.includes(t.name)) {
        if (h.method !== "n") problems.push(`${t.name}: not a reference table`);
      } else if (h.method !== "h" || h.column !== "client_id" || !h.colocated)
        problems.push(`${t.name}: ${h.method} by ${h.column}, co-located ${h.colocated}`);
    }
    expect(problems).toEqual([]);
    const again = await distribute(d.db);
    expect(again.applied).toEqual([]);
  });

  it("who is acting reaches a trigger on the shard's worker", async () => {
    const client = `citus-${randomUUID().slice(0, 8)}`;
    await sql`insert into clients (client_id, name) values (${client}, ${client})`.execute(d.db);
    const seen = await d.db.transaction().execute(async (tx) => {
      await sql.raw(`set local baton.actor_kind = 'system'`).execute(tx);
      // a statement routed to the tenant's shard, evaluated on the worker that holds it
      return sql<{ kind: string; node: string }>`
        select current_setting('baton.actor_kind', true) as kind, inet_server_port()::text as node
          from clients where client_id = ${client}`.execute(tx);
    });
    expect(seen.rows).toHaveLength(1);
    expect(seen.rows[0].kind).toBe("system");
    const coordinator = new URL(process.env.TEST_CITUS_URL!).port;
    expect(seen.rows[0].node).not.toBe(coordinator);
  });
});
