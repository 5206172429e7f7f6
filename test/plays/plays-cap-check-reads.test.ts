// A play's cap check reads its own segment's active plays, not the tenant's (issue 14 item 3,
// migration 0179). The check runs inside PL/pgSQL with a cached plan; before 0179 the generic plan
// could not tell which of its two null-guarded cases applied and read every active play of the
// tenant, so an activation grew dearer with each one (docs/performance-journal.md 0g). Here the tenant has
// 200 active plays over 25 segments; one check of a segment must read its 8, with the generic plan
// forced, as a long-lived session ends up using it. Counted by the table's statistics, not timed.
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withActor } from "../../src/db/actor-context.ts";
import type { Database } from "../../src/db/connect.ts";
import type { DB } from "../../src/db/database.ts";
import { approvePlay } from "../../src/plays/approve-play.ts";
import { testDatabase } from "../support/db.ts";
import { playsUnderReview } from "../support/plays-under-review.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const SEGMENTS = 25;
const CAP = 8;
const NOW = new Date("2026-03-02T10:00:00Z");
const NOBODY = "00000000-0000-4000-8000-00000000dead";

let d: Database;
let db: Kysely<DB>;
let t: Tenant;
beforeAll(async () => {
  d = await testDatabase();
  db = d.db;
  t = await createTenant(db, "capreads");
  const segments = Array.from({ length: SEGMENTS }, (_, i) => `cap_${i}`);
  // a segment's cap is RevOps' to set, on insert as on update (0200)
  await withActor(db, t.revops, NOW, (tx) =>
    tx
      .insertInto("segments")
      .values(segments.map((segment) => ({ client_id: t.clientId, segment, name: segment, play_cap: CAP })))
      .execute(),
  );
  // SEGMENTS x CAP plays under review with the SLM's approval, as bench:plays prepares them
  const ids = await playsUnderReview(db, t, SEGMENTS * CAP, { segment: "cap_", perSegment: CAP });
  for (const id of ids) await approvePlay(db, t.revops, id, {}, NOW);
}, 120_000);
afterAll(() => d.close());

/** Rows of plays read so far, by index and by sequential scan (the shared statistics). */
async function playsRowsRead(c: Kysely<DB>): Promise<number> {
  const r = await sql<{ n: string }>`
    select (coalesce(idx_tup_fetch, 0) + coalesce(seq_tup_read, 0))::text as n
      from pg_stat_user_tables where relname = 'plays'`.execute(c);
  return Number(r.rows[0].n);
}

describe("a play's cap check", () => {
  it("reads its segment's active plays, not the tenant's, with the generic plan", async () => {
    const active = await db
      .selectFrom("plays")
      .select((e) => e.fn.countAll<string>().as("n"))
      .where("client_id", "=", t.clientId)
      .where("state", "=", "active")
      .executeTakeFirstOrThrow();
    expect(Number(active.n)).toBe(SEGMENTS * CAP);
    await db.connection().execute(async (c) => {
      await sql`set plan_cache_mode = force_generic_plan`.execute(c);
      try {
        const check = () =>
          sql<{ n: number }>`
            select jsonb_array_length(baton_plays_counted(${t.clientId}, 'cap_3', null, ${NOBODY}::uuid, ${NOW})) as n`.execute(
            c,
          );
        expect((await check()).rows[0].n).toBe(CAP); // the plan is cached by now
        await sql`select pg_stat_force_next_flush()`.execute(c);
        const before = await playsRowsRead(c);
        expect((await check()).rows[0].n).toBe(CAP);
        await sql`select pg_stat_force_next_flush()`.execute(c);
        const read = (await playsRowsRead(c)) - before;
        // 8 with the segment's index; the whole tenant's 200 before 0179
        expect(read).toBeGreaterThanOrEqual(CAP);
        expect(read).toBeLessThan(2 * CAP);
      } finally {
        await sql`reset plan_cache_mode`.execute(c);
      }
    });
  });
});
