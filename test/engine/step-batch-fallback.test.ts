// A batch of steps the database refuses as a whole (src/engine/execute-step.ts, executeClaimedSteps):
// a deadlock abort or one enrollment's bad data rolls the batch's transaction back, and its
// enrollments are then run one by one, so the others still go out in the same pass. The refused one
// is reported, keeps its claim until the lease ends, and goes out once on a later pass.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { testDatabase } from "../support/db.ts";
import { oneStepTenant } from "./engine-harness.ts";

const T0 = new Date("2026-06-01T09:00:00Z");

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
    await sql`create table sbf_refused (enrollment_id uuid primary key)`.execute(db);
    await sql`insert into sbf_refused values (${bad})`.execute(db);
    await sql`create function sbf_refuse() returns trigger language plpgsql as $$
                begin
                  if exists (select 1 from sbf_refused r where r.enrollment_id = new.enrollment_id) then
                    raise exception 'refused for the test';
                  end if;
                  return new;
                end $$`.execute(db);
    await sql`create trigger sbf_refuse before insert on sales_send_queue
                for each row execute function sbf_refuse()`.execute(db);

    const errors: string[] = [];
    const first = await runEngineOnce(deps, T0, {
      workerId: "w1",
      batch: 10,
      onError: (e, where) => errors.push(`${where}: ${(e as Error).message}`),
    });
    expect(first).toMatchObject({ claimed: 3, executed: 2, errors: 1 });
    expect(errors).toEqual([`step ${bad}: refused for the test`]);
    expect([await mails(good1), await mails(bad), await mails(good2)]).toEqual([1, 0, 1]);
    const held = await db
      .selectFrom("campaign_contacts")
      .select(["status", "current_step", "claimed_by"])
      .where("id", "=", bad)
      .executeTakeFirstOrThrow();
    expect(held).toEqual({ status: "active", current_step: 1, claimed_by: "w1" });

    // within the lease nobody takes it again; after it, a pass runs it once
    await sql`delete from sbf_refused`.execute(db);
    const early = await runEngineOnce(deps, new Date(T0.getTime() + 10_000), { workerId: "w2", batch: 10 });
    expect(early.executed).toBe(0);
    const late = await runEngineOnce(deps, new Date(T0.getTime() + 31_000), { workerId: "w2", batch: 10 });
    expect(late).toMatchObject({ claimed: 1, executed: 1, errors: 0 });
    expect([await mails(good1), await mails(bad), await mails(good2)]).toEqual([1, 1, 1]);
  });
});
