// db/json-rows.ts reads each row's values by position and casts them to the types its specs declare:
// a declared type must be the column's own (else a value would be cast through the wrong type), and
// a column declared as nothing must be text or varchar (else the insert would be refused at run time).
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { LINEAGED_INSERT } from "../../src/coordinator/event-log/append-events.ts";
import { OUTBOX_INSERT } from "../../src/crm/enqueue-crm-write.ts";
import type { Database } from "../../src/db/connect.ts";
import type { JsonRowsInsert } from "../../src/db/json-rows.ts";
import { DRAFT_INSERT, SEND_ITEM_INSERT } from "../../src/engine/staged-rows.ts";
import { testDatabase } from "../support/db.ts";

let t: Database;
beforeAll(async () => {
  t = await testDatabase();
});
afterAll(async () => {
  await t?.close();
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
