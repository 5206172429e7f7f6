// The fixed inserts of drafts and send items (src/engine/staged-rows.ts) return every column by
// name, the engine's claim reads an enrollment's and the rep tasks' reads a task's: a column a
// migration adds must be added to their lists, or the rows they return would lack it.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import {
  DRAFT_COLUMNS,
  ENROLLMENT_COLUMNS,
  REP_TASK_COLUMNS,
  SEND_ITEM_COLUMNS,
} from "../../src/engine/staged-rows.ts";
import { testDatabase } from "../support/db.ts";

let t: Database;
beforeAll(async () => {
  t = await testDatabase();
});
afterAll(async () => {
  await t?.close();
});

it.each([
  ["sales_send_queue", SEND_ITEM_COLUMNS],
  ["staged_drafts", DRAFT_COLUMNS],
  ["campaign_contacts", ENROLLMENT_COLUMNS],
  ["engine_rep_tasks", REP_TASK_COLUMNS],
])("lists every column of %s", async (table, listed) => {
  const r = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
     where table_schema = current_schema() and table_name = ${table}`.execute(t.db);
  expect([...listed].sort()).toEqual(r.rows.map((c) => c.column_name).sort());
});
