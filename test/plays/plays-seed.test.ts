// The demo seeder makes plays in every state through the real rules, and is idempotent.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { seedDemo } from "../../src/demo/seed-demo.ts";
import { testDatabase } from "../support/db.ts";

let d: Database;
beforeAll(async () => {
  d = await testDatabase();
});
afterAll(() => d.close());

async function states() {
  const rows = await d.db
    .selectFrom("plays")
    .select(["state", "copied_from_play_id", "edits_during_review"])
    .where("client_id", "=", "demo")
    .execute();
  const by: Record<string, number> = {};
  for (const r of rows) by[r.state] = (by[r.state] ?? 0) + 1;
  return { by, rows };
}

it("seeds plays in every state, once", async () => {
  await seedDemo(d.db, new Date("2026-11-01T10:00:00Z"));
  const first = await states();
  expect(first.by).toEqual({ draft: 3, under_review: 2, active: 2, retired: 2 });
  expect(first.rows.some((r) => r.copied_from_play_id)).toBe(true);
  expect(first.rows.some((r) => (r.edits_during_review as unknown[] | null)?.length)).toBe(true);
  await seedDemo(d.db, new Date("2026-11-02T10:00:00Z"));
  expect((await states()).by).toEqual(first.by);
}, 120_000);
