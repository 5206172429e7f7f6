// Issue 61 item 5 through the real engine on PostgreSQL: steps of eight contacts of one account with
// a weekly cap of 2, claimed by four workers at once, each sending its auto-approved emails inside the
// step's transaction (send-in-step.ts) and the rest in the send phase. The account's lock and the
// inline rule (one step per capped account per batch: a batch of 4 colleagues all pass the step gate
// under a cap of 2, and without the rule all 4 went out inline) leave exactly 2 messages and 2 touches.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { openDatabase } from "../../src/db/connect.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { ownServerDatabase } from "../support/template.ts";
import { oneStepTenant } from "./engine-harness.ts";

const T0 = new Date("2026-06-01T09:00:00Z");

describeMultiConnection("the engine keeps an account's weekly touch cap (issue 61)", () => {
  let database: Database;
  let own: Awaited<ReturnType<typeof ownServerDatabase>>;
  let deps: EngineDeps;
  let enroll: (name: string) => Promise<string>;
  beforeAll(async () => {
    own = await ownServerDatabase("acctcapeng");
    database = await openDatabase({ url: own.url, poolSize: 8 });
    ({ deps, enroll } = await oneStepTenant(database, "ace", T0));
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await own?.drop();
  });

  it("four workers stepping eight contacts of one account capped at 2: 2 messages, 2 touches, the rest held", async () => {
    const db = database.db;
    const ids: string[] = [];
    for (let i = 1; i <= 8; i++) ids.push(await enroll(`Colleague ${i}`));
    const first = await db
      .selectFrom("campaign_contacts as e")
      .innerJoin("contacts as c", (j) =>
        j.onRef("c.client_id", "=", "e.client_id").onRef("c.contact_id", "=", "e.contact_id"),
      )
      .select(["c.account_id", "c.client_id"])
      .where("e.id", "=", ids[0])
      .executeTakeFirstOrThrow();
    const account = first.account_id!;
    await db.updateTable("accounts").set({ weekly_touch_cap: 2 }).where("account_id", "=", account).execute();
    const contacts = (
      await db.selectFrom("campaign_contacts").select("contact_id").where("id", "in", ids).execute()
    ).map((r) => r.contact_id);
    await db
      .updateTable("contacts")
      .set({ account_id: account })
      .where("client_id", "=", first.client_id)
      .where("contact_id", "in", contacts)
      .execute();

    for (let pass = 0; pass < 2; pass++)
      await Promise.all(
        ["w1", "w2", "w3", "w4"].map((w) => runEngineOnce(deps, T0, { workerId: w, batch: 4 })),
      );

    const touches = await db
      .selectFrom("cadence_event_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("client_id", "=", first.client_id)
      .where("event_type", "=", "touch")
      .where("account_id", "=", account)
      .executeTakeFirstOrThrow();
    const mails = await db
      .selectFrom("dev_email_outbox")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where(
        "idempotency_key",
        "in",
        ids.map((id) => `${id}:1`),
      )
      .executeTakeFirstOrThrow();
    const held = await db
      .selectFrom("cadence_event_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("client_id", "=", first.client_id)
      .where("suppressed_reason", "=", "account_cap_exceeded")
      .where("resolution", "=", "account_weekly_cap")
      .executeTakeFirstOrThrow();
    console.log(
      `account cap, engine: 8 colleagues, 4 workers × 2 passes (batch 4): ${touches.n} touches, ${mails.n} messages, ${held.n} decisions held at account_cap_exceeded`,
    );
    expect(Number(touches.n)).toBe(2);
    expect(Number(mails.n)).toBe(2);
    expect(Number(held.n)).toBeGreaterThan(0);
  }, 120_000);
});
