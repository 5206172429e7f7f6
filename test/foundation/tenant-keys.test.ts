// Ready for a distributed PostgreSQL (issue 14, item 8; docs/scaling.md): the catalog of a migrated
// database says every table is either a reference table or carries client_id in every key and
// every foreign key between tenant tables, as Citus requires of tables distributed by client_id.
// A future migration whose table forgets fails here, and the line says which table and key.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { distribute } from "../../src/db/distribute.ts";
import {
  COLOCATION_ANCHOR,
  distributionPlanSql,
  REFERENCE_TABLES,
  readTables,
  tenantKeyViolations,
} from "../../src/db/tenant-keys.ts";
import { serverDatabase, testDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";

describe("tenant keys (PGlite)", () => {
  let database: Database;
  beforeAll(async () => {
    database = await testDatabase();
  });
  afterAll(() => database.close());

  it("every key and foreign key of a tenant table carries client_id; the rest are reference tables", async () => {
    expect(await tenantKeyViolations(database.db)).toEqual([]);
    const tables = await readTables(database.db);
    expect(tables.length).toBeGreaterThan(50);
    expect(tables.filter((t) => !t.hasTenant).map((t) => t.name)).toEqual([...REFERENCE_TABLES].sort());
  });

  it("no table keeps two unique indexes on one set of columns (0178: every write paid both)", async () => {
    const twins = await sql<{ t: string; a: string; b: string }>`
      with u as (
        select x.indrelid, x.indexrelid::regclass::text as name,
               (select array_agg(k order by k) from unnest(x.indkey::int2[]) k) as cols
          from pg_index x join pg_class c on c.oid = x.indrelid join pg_namespace n on n.oid = c.relnamespace
         where x.indisunique and x.indpred is null and x.indexprs is null and n.nspname = 'public')
      select a.indrelid::regclass::text as t, a.name as a, b.name as b
        from u a join u b on a.indrelid = b.indrelid and a.cols = b.cols and a.name < b.name
       order by 1, 2`.execute(database.db);
    expect(twins.rows).toEqual([]);
    // the composite foreign keys rest on the primary keys now, whose column order differs
    const onPkey = await sql<{ n: number }>`
      select count(*)::int as n from pg_constraint f join pg_constraint p on p.conindid = f.conindid
       where f.contype = 'f' and p.contype = 'p' and p.conname = 'contacts_pkey'`.execute(database.db);
    expect(onPkey.rows[0].n).toBeGreaterThanOrEqual(9);
  });

  it("the distribution plan names every table once, each after the tables it references", async () => {
    const plan = await distributionPlanSql(database.db);
    const tables = await readTables(database.db);
    // each table qualified by Baton's schema, and nothing of another schema (Citus's own tables)
    const named = plan.map((s) => /'public\.([a-z0-9_]+)'/.exec(s)![1]);
    expect([...named].sort()).toEqual(tables.map((t) => t.name).sort());
    expect(plan.slice(0, REFERENCE_TABLES.length).every((s) => s.includes("create_reference_table"))).toBe(
      true,
    );
    expect(named[REFERENCE_TABLES.length]).toBe(COLOCATION_ANCHOR);
    const position = new Map(named.map((t, i) => [t, i]));
    const fks = await sql<{ f: string; r: string }>`
      select conrelid::regclass::text as f, confrelid::regclass::text as r from pg_constraint
       where contype = 'f' and conrelid <> confrelid`.execute(database.db);
    for (const fk of fks.rows)
      expect(position.get(fk.r)!, `${fk.f} -> ${fk.r}`).toBeLessThan(position.get(fk.f)!);
  });

  it("catches a future table that forgets client_id in a key, an index, a foreign key or altogether", async () => {
    await sql`create table tk_forgetful (
                id uuid primary key default gen_random_uuid(),
                client_id text not null references clients (client_id),
                code text unique,
                unique (client_id, id))`.execute(database.db);
    await sql`create table tk_forgetful_child (
                client_id text not null,
                parent_id uuid not null references tk_forgetful (id),
                primary key (client_id, parent_id))`.execute(database.db);
    await sql`create unique index tk_forgetful_live on tk_forgetful (code) where code is not null`.execute(
      database.db,
    );
    await sql`create table tk_global_by_accident (k text primary key)`.execute(database.db);
    try {
      const v = await tenantKeyViolations(database.db);
      expect(v).toEqual(
        expect.arrayContaining([
          "tk_forgetful: primary key tk_forgetful_pkey lacks client_id",
          "tk_forgetful: unique constraint tk_forgetful_code_key lacks client_id",
          "tk_forgetful: unique index tk_forgetful_live lacks client_id",
          "tk_forgetful_child: foreign key tk_forgetful_child_parent_id_fkey does not carry client_id on both sides",
          "tk_global_by_accident: no client_id column, and not a reference table",
        ]),
      );
      expect(await tenantKeyViolations(database.db, [...REFERENCE_TABLES, "tk_nowhere"])).toContain(
        "tk_nowhere: listed as a reference table, but there is no such table",
      );
    } finally {
      await sql`drop table tk_forgetful_child, tk_forgetful, tk_global_by_accident`.execute(database.db);
    }
    expect(await tenantKeyViolations(database.db)).toEqual([]);
  });

  it("leaves out tables of another schema, and distributing refuses a database without Citus", async () => {
    await sql`create schema tk_other`.execute(database.db);
    await sql`create table tk_other.chunk (id int primary key)`.execute(database.db);
    try {
      const plan = await distributionPlanSql(database.db);
      expect(plan.filter((s) => s.includes("chunk"))).toEqual([]);
      expect(plan[REFERENCE_TABLES.length]).toBe(
        "select create_distributed_table('public.clients', 'client_id');",
      );
    } finally {
      await sql`drop schema tk_other cascade`.execute(database.db);
    }
    await expect(distribute(database.db)).rejects.toMatchObject({ code: "CITUS_NOT_INSTALLED" });
  });
});

describeMultiConnection("tenant keys (PostgreSQL)", () => {
  it("the server's catalog after the same migrations passes the same check", async () => {
    const database = await serverDatabase(2);
    try {
      expect(await tenantKeyViolations(database.db)).toEqual([]);
      if (!process.env.TEST_CITUS_URL)
        await expect(distribute(database.db)).rejects.toMatchObject({ code: "CITUS_NOT_INSTALLED" });
    } finally {
      await database.close();
    }
  });
});
