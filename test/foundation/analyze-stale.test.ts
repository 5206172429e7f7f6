// The embedded database's statistics (src/db/analyze-owned.ts staleTables, analyzeStaleTables):
// PGlite runs no autovacuum, so a table never analyzed kept the planner's guess of ten pages for
// good, whatever it held. The background job analyzes what is stale (src/runtime/background.ts
// "analyze", embedded only), as autovacuum's analyze does on a server.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { analyzeStaleTables, staleTables } from "../../src/db/analyze-owned.ts";
import type { Database } from "../../src/db/connect.ts";
import { backgroundJobs } from "../../src/runtime/background.ts";
import { testDatabase } from "../support/db.ts";

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database.close());

it("a table never analyzed is stale until analyzed, then the planner counts its rows", async () => {
  await sql`create table stale_probe (id int primary key, v text)`.execute(database.db);
  await sql`insert into stale_probe select g, 'x' from generate_series(1, 2000) g`.execute(database.db);
  expect(await staleTables(database.db)).toContain("stale_probe");
  expect(await analyzeStaleTables(database.db)).toContain("stale_probe");
  expect(await staleTables(database.db)).not.toContain("stale_probe");
  const r = await sql<{
    reltuples: number;
  }>`select reltuples from pg_class where relname = 'stale_probe'`.execute(database.db);
  expect(r.rows[0].reltuples).toBe(2000);
});

it("the server runs the analyze job, which acts on the embedded database only", () => {
  expect(backgroundJobs.map((j) => j.name)).toContain("analyze");
});
