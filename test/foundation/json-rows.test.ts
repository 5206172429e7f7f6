// db/json-rows.ts: a multi-row insert as one fixed text, its rows in one JSON parameter. Hostile
// values travel as data (never as SQL), the rows keep their order, defaults fill what a row leaves
// out, and a name that is not a plain identifier is refused before anything is sent. Each row's
// values are read by position and cast to the types the specs declare: a declared type must be the
// column's own, and a column declared as nothing must be text or varchar.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { OUTBOX_INSERT } from "../../src/crm/enqueue-crm-write.ts";
import type { Database } from "../../src/db/connect.ts";
import { insertJsonRows, type JsonRowsInsert, jsonRowsSelect } from "../../src/db/json-rows.ts";
import { DRAFT_INSERT, SEND_ITEM_INSERT } from "../../src/engine/staged-rows.ts";
import { LINEAGED_INSERT } from "../../src/event-log/append-events.ts";
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
  types: { b: "jsonb", c: "timestamp with time zone", d: "integer" },
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

it("reads a JSON null as NULL in every column, and refuses a value of another type", async () => {
  const r = await insertJsonRows<{ a: string | null; b: unknown; c: Date | null }>(SPEC, [
    { a: null, b: null, c: null },
  ]).execute(t.db);
  expect(r.rows[0]).toMatchObject({ a: null, b: null, c: null, d: 7 });
  await expect(insertJsonRows(SPEC, [{ a: "x", d: "seven" }]).execute(t.db)).rejects.toThrow(/integer/);
  // a column of another type declared as nothing (text) is refused, not cast silently
  const untyped: JsonRowsInsert = { table: SPEC.table, columns: ["a", "d"] };
  await expect(insertJsonRows(untyped, [{ a: "x", d: 3 }]).execute(t.db)).rejects.toThrow(
    /is of type integer but expression is of type text/,
  );
});

it("reads the rows as a derived table, typed, with their places", async () => {
  const at = new Date("2026-11-26T03:00:00.000Z");
  const r = await sql<{ a: string | null; b: unknown; c: Date | null; d: number | null; ordinality: string }>`
    select * from (${jsonRowsSelect(SPEC, [{ a: "x'); --", b: { k: 1 }, c: at, d: 4 }, { a: null }])}) v
     order by v.ordinality`.execute(t.db);
  expect(r.rows.map((x) => ({ ...x, ordinality: Number(x.ordinality) }))).toEqual([
    { a: "x'); --", b: { k: 1 }, c: at, d: 4, ordinality: 1 },
    { a: null, b: null, c: null, d: null, ordinality: 2 },
  ]);
});

it("refuses a table, column or type name that is not plain, sending nothing", () => {
  for (const bad of ["json_rows_probe; drop table x", 'a"b', "A"]) {
    expect(() => insertJsonRows({ ...SPEC, table: bad }, [{ a: "x" }])).toThrow(/not a plain identifier/);
    expect(() => insertJsonRows({ ...SPEC, columns: ["a", bad] }, [{ a: "x" }])).toThrow(
      /not a plain identifier/,
    );
    expect(() => insertJsonRows({ ...SPEC, types: { b: `jsonb; ${bad}` } }, [{ a: "x" }])).toThrow(
      /not a plain type name/,
    );
  }
});

it.each([
  ["the event log's", LINEAGED_INSERT],
  ["the CRM outbox's", OUTBOX_INSERT],
  ["the send items'", SEND_ITEM_INSERT],
  ["the drafts'", DRAFT_INSERT],
] as [string, JsonRowsInsert][])("%s insert declares each column's own type", async (_, spec) => {
  const r = await sql<{ name: string; type: string }>`
    select a.attname as name, format_type(a.atttypid, a.atttypmod) as type
      from pg_attribute a
     where a.attrelid = to_regclass(${spec.table}) and a.attnum > 0 and not a.attisdropped`.execute(t.db);
  const catalog = new Map(r.rows.map((c) => [c.name, c.type]));
  const declared = Object.fromEntries(spec.columns.map((c) => [c, spec.types?.[c] ?? "text"]));
  const expected = Object.fromEntries(
    spec.columns.map((c) => {
      const type = catalog.get(c);
      return [c, type === undefined || /^(text|character varying(\(\d+\))?)$/.test(type) ? "text" : type];
    }),
  );
  expect(declared).toEqual(expected);
  expect(Object.keys(spec.types ?? {}).filter((c) => !spec.columns.includes(c))).toEqual([]);
});
