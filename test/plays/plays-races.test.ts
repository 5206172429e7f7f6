// spec 000 caps under real concurrency (PostgreSQL): lock what you count. Each trial owns a tenant.
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { setActor } from "../../src/db/actor-context.ts";
import type { Database } from "../../src/db/connect.ts";
import type { DB } from "../../src/db/database.ts";
import { isBatonError } from "../../src/errors/baton-error.ts";
import { approvePlay } from "../../src/plays/approve-play.ts";
import { serverDatabase } from "../support/db.ts";
import { lockWaiters } from "../support/lock-waits.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { type PlayTarget, playsUnderReview } from "../support/plays-under-review.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { seedTaxonomy } from "./plays-helpers.ts";

const TRIALS = 20;
const N = 64;

describeMultiConnection("plays: concurrent activations against the caps", () => {
  let d: Database;
  let db: Kysely<DB>;
  beforeAll(async () => {
    d = await serverDatabase(32);
    db = d.db;
  });
  afterAll(() => d?.close());

  /** n plays in under_review with the SLM approval given, written in one transaction through the rules. */
  const pending = (t: Tenant, n: number, target: PlayTarget, slmApproved = true) =>
    playsUnderReview(db, t, n, target, { slmApproved, name: "Race" });

  async function race(t: Tenant, ids: string[]) {
    const now = new Date();
    const results = await Promise.allSettled(ids.map((id) => approvePlay(db, t.revops, id, {}, now)));
    const codes = results.map((r) =>
      r.status === "fulfilled" ? "ok" : isBatonError(r.reason) ? r.reason.code : String(r.reason),
    );
    const active = await db
      .selectFrom("plays")
      .select(sql<number>`count(*)`.as("n"))
      .where("client_id", "=", t.clientId)
      .where("state", "=", "active")
      .executeTakeFirstOrThrow();
    return { codes, active: Number(active.n) };
  }

  const tally = (codes: string[]) =>
    codes.reduce<Record<string, number>>((m, c) => {
      m[c] = (m[c] ?? 0) + 1;
      return m;
    }, {});

  it(`${N} concurrent activations vs a segment cap of 5: exactly 5 active, ${N - 5} cap refusals (${TRIALS} trials)`, async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const t = await createTenant(db, "race");
      await seedTaxonomy(db, t);
      const ids = await pending(t, N, { segment: "seg_a" });
      const { codes, active } = await race(t, ids);
      expect(tally(codes), `trial ${trial}`).toEqual({ ok: 5, PLAY_SEGMENT_CAP_REACHED: N - 5 });
      expect(active).toBe(5);
    }
  }, 600_000);

  it(`${N} concurrent activations for one account: exactly 1 active, ${N - 1} refusals (${TRIALS} trials)`, async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const t = await createTenant(db, "race");
      const { accountId } = await seedTaxonomy(db, t);
      const ids = await pending(t, N, { accountId });
      const { codes, active } = await race(t, ids);
      expect(tally(codes), `trial ${trial}`).toEqual({ ok: 1, PLAY_ACCOUNT_CAP_REACHED: N - 1 });
      expect(active).toBe(1);
    }
  }, 600_000);

  it("two concurrent approvals by different people activate exactly once", async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const t = await createTenant(db, "race");
      await seedTaxonomy(db, t);
      const now = new Date();
      // the SLM approval is given; two RevOps people approve at once: one activates, the other is refused
      const [a] = await pending(t, 1, { segment: "seg_a" });
      const rivals = await Promise.allSettled([
        approvePlay(db, t.revops, a, {}, now),
        approvePlay(db, t.revops2, a, {}, now),
      ]);
      expect(
        rivals.filter((r) => r.status === "fulfilled"),
        `trial ${trial}`,
      ).toHaveLength(1);
      const refused = rivals.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason.code).toBe("PLAY_ILLEGAL_TRANSITION");
      const row = await db.selectFrom("plays").selectAll().where("play_id", "=", a).executeTakeFirstOrThrow();
      expect(row.state).toBe("active");
      expect([t.revops.principalId, t.revops2.principalId]).toContain(row.revops_approver_user_id);
      // no approval yet; the SLM and RevOps approve at once: both are recorded, the later one activates
      const [b] = await pending(t, 1, { segment: "seg_b" }, false);
      const pair = await Promise.all([
        approvePlay(db, t.slm, b, {}, now),
        approvePlay(db, t.revops, b, {}, now),
      ]);
      expect(pair.map((v) => v.state).sort()).toEqual(["active", "under_review"]);
      const rowB = await db
        .selectFrom("plays")
        .selectAll()
        .where("play_id", "=", b)
        .executeTakeFirstOrThrow();
      expect(rowB).toMatchObject({
        state: "active",
        slm_approver_user_id: t.slm.principalId,
        revops_approver_user_id: t.revops.principalId,
      });
    }
  }, 600_000);

  it("an approval whose play changes between its read and its write is decided again on the locked row", async () => {
    // approvePlay reads the play without a lock and writes only if it is unchanged (a compare-and-set).
    // Here the SLM's approval is in flight, uncommitted, holding the row, when RevOps approves: RevOps
    // reads "no SLM approval yet", so its write would only record its own approval; the write waits on
    // the row, the SLM commits, the write finds the play changed and the locked path activates it.
    const t = await createTenant(db, "race");
    await seedTaxonomy(db, t);
    const now = new Date();
    const [id] = await pending(t, 1, { segment: "seg_a" }, false);
    let revops: Promise<unknown> | undefined;
    await db.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      await setActor(conn, t.slm, now);
      await conn
        .updateTable("plays")
        .set({ slm_approver_user_id: t.slm.principalId })
        .where("client_id", "=", t.clientId)
        .where("play_id", "=", id)
        .execute();
      revops = approvePlay(db, t.revops, id, {}, now);
      // wait until RevOps's write is blocked on the row this transaction holds
      for (let i = 0; ; i++) {
        // on Citus the wait is on the worker holding the tenant's shard (lock-waits.ts)
        if ((await lockWaiters(db, 'update "plays"%')) > 0) break;
        if (i > 500) throw new Error("RevOps's approval never waited on the row");
        await new Promise((r) => setTimeout(r, 10));
      }
      await sql`commit`.execute(conn);
    });
    const view = (await revops) as { state: string };
    expect(view.state).toBe("active");
    const row = await db.selectFrom("plays").selectAll().where("play_id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      state: "active",
      slm_approver_user_id: t.slm.principalId,
      revops_approver_user_id: t.revops.principalId,
    });
  }, 60_000);
});
