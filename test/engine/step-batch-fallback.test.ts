// A batch of steps the database refuses as a whole (src/engine/execute-step.ts, executeClaimedSteps):
// a deadlock abort or one enrollment's bad data rolls the batch's transaction back, and its
// enrollments are then run one by one, so the others still go out in the same pass. The refused one
// is reported, keeps its claim until the lease ends, and goes out once on a later pass. The finish
// phase (finishSequences) does the same with a batch of exits.
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import type { DB } from "../../src/db/database.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { testDatabase } from "../support/db.ts";
import { oneStepTenant } from "./engine-harness.ts";

const T0 = new Date("2026-06-01T09:00:00Z");

/**
 * A trigger (`timing`, e.g. "before insert on t") that refuses the rows whose enrollment (`idOf`,
 * e.g. "new.id") is listed, while it is listed, and `when` holds: the database refusing one
 * enrollment's write, and with it the whole transaction it is in.
 */
async function refuseListed(db: Kysely<DB>, name: string, timing: string, idOf: string, when = "true") {
  await sql`create table ${sql.table(name)} (enrollment_id uuid primary key)`.execute(db);
  await sql
    .raw(`create function ${name}() returns trigger language plpgsql as $$
      begin
        if ${when} and exists (select 1 from ${name} r where r.enrollment_id = ${idOf}) then
          raise exception 'refused for the test (${name})';
        end if;
        return new;
      end $$`)
    .execute(db);
  await sql.raw(`create trigger ${name} ${timing} for each row execute function ${name}()`).execute(db);
  return {
    add: (id: string) => sql`insert into ${sql.table(name)} values (${id})`.execute(db),
    clear: () => sql`delete from ${sql.table(name)}`.execute(db),
  };
}

describe("a step batch the database refuses as a whole", () => {
  let database: Database;
  let deps: EngineDeps;
  let enroll: (name: string) => Promise<string>;
  beforeAll(async () => {
    database = await testDatabase();
    ({ deps, enroll } = await oneStepTenant(database, "sbf", T0, { claimLeaseMs: 30_000 }));
  });
  afterAll(() => database.close());

  const mails = async (enrollmentId: string) =>
    (
      await database.db
        .selectFrom("dev_email_outbox")
        .select("id")
        .where("idempotency_key", "=", `${enrollmentId}:1`)
        .execute()
    ).length;

  it("runs the others one by one in the same pass; the refused one goes out after its lease", async () => {
    const db = database.db;
    const good1 = await enroll("Good One");
    const bad = await enroll("Bad Data");
    const good2 = await enroll("Good Two");
    // the database refuses the bad enrollment's send item, and with it the whole batch's transaction
    const refused = await refuseListed(
      db,
      "sbf_refuse",
      "before insert on sales_send_queue",
      "new.enrollment_id",
    );
    await refused.add(bad);

    const errors: string[] = [];
    const first = await runEngineOnce(deps, T0, {
      workerId: "w1",
      batch: 10,
      onError: (e, where) => errors.push(`${where}: ${(e as Error).message}`),
    });
    expect(first).toMatchObject({ claimed: 3, executed: 2, errors: 1 });
    expect(errors).toEqual([`step ${bad}: refused for the test (sbf_refuse)`]);
    expect([await mails(good1), await mails(bad), await mails(good2)]).toEqual([1, 0, 1]);
    const held = await db
      .selectFrom("campaign_contacts")
      .select(["status", "current_step", "claimed_by"])
      .where("id", "=", bad)
      .executeTakeFirstOrThrow();
    expect(held).toEqual({ status: "active", current_step: 1, claimed_by: "w1" });

    // within the lease nobody takes it again; after it, a pass runs it once
    await refused.clear();
    const early = await runEngineOnce(deps, new Date(T0.getTime() + 10_000), { workerId: "w2", batch: 10 });
    expect(early.executed).toBe(0);
    const late = await runEngineOnce(deps, new Date(T0.getTime() + 31_000), { workerId: "w2", batch: 10 });
    expect(late).toMatchObject({ claimed: 1, executed: 1, errors: 0 });
    expect([await mails(good1), await mails(bad), await mails(good2)]).toEqual([1, 1, 1]);
  });
  it("ends the other finished enrollments one by one when the database refuses a finish batch", async () => {
    const db = database.db;
    const T1 = new Date(T0.getTime() + 3_600_000);
    const a = await enroll("Finish A");
    const bad = await enroll("Finish Bad");
    const c = await enroll("Finish C");
    // the database refuses the bad enrollment's exit, and with it the whole finish batch
    const refusedExits = await refuseListed(
      db,
      "sbf_refuse_exit",
      "before update on campaign_contacts",
      "new.id",
      "new.status <> old.status",
    );
    await refusedExits.add(bad);

    const errors: string[] = [];
    const pass = await runEngineOnce(deps, T1, {
      workerId: "w3",
      batch: 10,
      onError: (e, where) => errors.push(`${where}: ${(e as Error).message}`),
    });
    expect(pass).toMatchObject({ executed: 3, exited: 2, errors: 1 });
    expect(errors).toEqual([`finish ${bad}: refused for the test (sbf_refuse_exit)`]);
    const status = async (id: string) =>
      (
        await db
          .selectFrom("campaign_contacts")
          .select("status")
          .where("id", "=", id)
          .executeTakeFirstOrThrow()
      ).status;
    expect([await status(a), await status(bad), await status(c)]).toEqual([
      "timed_out",
      "active",
      "timed_out",
    ]);

    // once the refusal is gone and the finish claim's lease is over, it ends too
    await refusedExits.clear();
    const late = await runEngineOnce(deps, new Date(T1.getTime() + 31_000), { workerId: "w4", batch: 10 });
    expect(late).toMatchObject({ exited: 1, errors: 0 });
    expect(await status(bad)).toBe("timed_out");
  });
});
