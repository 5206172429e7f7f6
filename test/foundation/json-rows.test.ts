// db/json-rows.ts: a multi-row insert as one fixed text, its rows in one JSON parameter. Hostile
// values travel as data (never as SQL), the rows keep their order, defaults fill what a row leaves
// out, and a name that is not a plain identifier is refused before anything is sent.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { insertJsonRows, type JsonRowsInsert } from "../../src/db/json-rows.ts";
import { testDatabase } from "../support/db.ts";

let t: Database;
beforeAll(async () => {
  t = await testDatabase();
  await sql`create table json_rows_probe (n serial, a text, b jsonb, c timestamptz, d int not null default 7)`.execute(
    t.db,
  );
});
afterAll(async () => {
  await t?.close();
});

const SPEC: JsonRowsInsert = {
  table: "json_rows_probe",
  columns: ["a", "b", "c", "d"],
  defaults: { d: "7" },
  returning: ["n", "a", "b", "c", "d"],
};

it("stores hostile text as data, in order, with the defaults for what a row leaves out", async () => {
  const hostile = ["'); drop table json_rows_probe; --", '$1 $2 \\\\ "quoted"', "naïve ✓ \u2028 line", ""];
  const at = new Date("2026-11-26T02:00:00.123Z");
  const r = await insertJsonRows<{ n: number; a: string; b: unknown; c: Date | null; d: number }>(
    SPEC,
    hostile.map((a, i) => ({ a, b: { i, text: a }, c: i === 0 ? at : null, ...(i === 1 ? { d: 3 } : {}) })),
  ).execute(t.db);
  expect(r.rows.map((x) => x.a)).toEqual(hostile);
  expect(r.rows.map((x) => x.b)).toEqual(hostile.map((a, i) => ({ i, text: a })));
  expect(r.rows.map((x) => x.d)).toEqual([7, 3, 7, 7]);
  expect(r.rows[0].c?.toISOString()).toBe(at.toISOString());
  expect(r.rows.map((x) => x.n)).toEqual([...r.rows.map((x) => x.n)].sort((p, q) => p - q));
  const left = await sql<{ n: number }>`select count(*)::int as n from json_rows_probe`.execute(t.db);
  expect(left.rows[0].n).toBe(hostile.length);
});

it("refuses a table or column name that is not a plain identifier, sending nothing", () => {
  for (const bad of ["json_rows_probe; drop table x", 'a"b', "A"]) {
    expect(() => insertJsonRows({ ...SPEC, table: bad }, [{ a: "x" }])).toThrow(/not a plain identifier/);
    expect(() => insertJsonRows({ ...SPEC, columns: ["a", bad] }, [{ a: "x" }])).toThrow(
      /not a plain identifier/,
    );
  }
});
