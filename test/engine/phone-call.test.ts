// The phone call channel (issue 59 item 6a): a call step becomes the rep's task with the drafted
// script and the contact's number; the rep records the outcome, and the outcome decides whether it
// is a touch (docs/campaigns.md "Phone calls"), whether the enrollment ends (a connected call with an
// exit reason) and whether the phone channel is suppressed for the contact (a wrong or bad number).
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContact } from "../../src/campaigns/index.ts";
import type { Database } from "../../src/db/connect.ts";
import { completeRepTask, listMyTasks } from "../../src/engine/rep-tasks.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { approvePending } from "../../src/simulation/simulate-days.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { addContact, engineDeps, oneStepSales } from "./engine-harness.ts";

const T0 = new Date("2026-04-06T10:00:00Z");
const T1 = new Date("2026-04-06T12:00:00Z");

let d: Database;
let t: Tenant;
beforeAll(async () => {
  d = await testDatabase();
  t = await createTenant(d.db, "phone");
  await oneStepSales(d.db, t.revops, "phone_call", T0, {
    channel: "phone",
    instructions: "Ask about their Q3.",
  });
  await oneStepSales(d.db, t.revops, "phone_again", T0, { channel: "phone", instructions: "Call back." });
});
afterAll(async () => d.close());

const run = async (now: Date) => {
  const deps = await engineDeps(d);
  await runEngineOnce(deps, now, {
    workerId: "phone",
    batch: 50,
    onError: (e) => {
      throw e;
    },
  });
  await approvePending(d.db, t.exec, now);
  await runEngineOnce(deps, now, {
    workerId: "phone",
    batch: 50,
    onError: (e) => {
      throw e;
    },
  });
  return deps;
};

/** A contact with a phone number, enrolled in a call campaign; its open call task once the engine ran. */
async function callTask(name: string, phone: string | null, campaign = "phone_call") {
  const contactId = await addContact(d.db, t.clientId, name);
  await sql`update contacts set phone = ${phone} where contact_id = ${contactId}`.execute(d.db);
  await enrollContact(d.db, t.exec, { campaign, contactId }, T0);
  const deps = await run(T0);
  const task = (await listMyTasks(d.db, t.rep, {})).items.find((x) => x.contact_id === contactId);
  return { deps, contactId, task };
}

const touches = async (contactId: string) =>
  (
    await sql<{ n: number }>`select count(*)::int as n from cadence_event_log
      where contact_id = ${contactId} and event_type = 'touch'`.execute(d.db)
  ).rows[0]?.n;
const item = async (sendItemId: string) =>
  d.db
    .selectFrom("sales_send_queue")
    .select(["status", "error"])
    .where("id", "=", sendItemId)
    .executeTakeFirstOrThrow();

describe("a phone call step", () => {
  it("is the rep's task with the number and the script; done needs a known outcome (forged ones refused)", async () => {
    const { deps, task } = await callTask("Vera Voice", "+1 415 555 0100");
    expect(task).toMatchObject({
      kind: "phone_call",
      channel: "phone",
      to_id: "+1 415 555 0100",
      subject: null,
    });
    expect(task!.body.length).toBeGreaterThan(0);
    for (const said of [
      undefined,
      { outcome: "fax" },
      { outcome: "voicemail", exit_reason: "meeting" },
      { outcome: "connected", exit_reason: "forged" },
    ])
      await expect(completeRepTask(deps, t.rep, task!.id, T1, said)).rejects.toMatchObject({
        code: "VALIDATION_FAILED",
      });
    // a voicemail is a touch: gated and counted like a LinkedIn task's
    const done = await completeRepTask(deps, t.rep, task!.id, T1, { outcome: "voicemail" });
    expect(done).toMatchObject({ status: "done", outcome: "voicemail" });
    expect(await touches(task!.contact_id)).toBe(1);
    expect((await item(task!.send_item_id!)).status).toBe("sent");
  });

  it("no answer is no touch: the task is done, its item failed with the outcome", async () => {
    const { deps, task } = await callTask("Nadia Noanswer", "+44 20 7946 0000");
    expect(await completeRepTask(deps, t.rep, task!.id, T1, { outcome: "no_answer" })).toMatchObject({
      outcome: "no_answer",
    });
    expect(await touches(task!.contact_id)).toBe(0);
    expect(await item(task!.send_item_id!)).toEqual({ status: "failed", error: "call: no_answer" });
  });

  it("a wrong number suppresses the phone channel for the contact: the next call step has no number", async () => {
    const { deps, contactId, task } = await callTask("Walt Wrong", "+1 212 555 0199");
    await completeRepTask(deps, t.rep, task!.id, T1, { outcome: "wrong_number" });
    expect(await touches(contactId)).toBe(0);
    const c = await d.db
      .selectFrom("contacts")
      .select(["phone", "phone_suppressed_at"])
      .where("contact_id", "=", contactId)
      .executeTakeFirstOrThrow();
    expect(c).toEqual({ phone: "+1 212 555 0199", phone_suppressed_at: T1 });
    await sql`update campaign_contacts set status = 'exited' where contact_id = ${contactId}`.execute(d.db);
    await sql`update contacts set active_sequence_id = null, current_step = null where contact_id = ${contactId}`.execute(
      d.db,
    );
    await enrollContact(d.db, t.exec, { campaign: "phone_again", contactId }, T1);
    await run(T1);
    const again = await d.db
      .selectFrom("sales_send_queue")
      .select(["status", "error"])
      .where("contact_id", "=", contactId)
      .where("status", "=", "failed")
      .where("error", "<>", "call: wrong_number")
      .executeTakeFirst();
    expect(again).toEqual({ status: "failed", error: "contact has no usable phone number" });
  });

  it("a connected call with an exit reason ends the enrollment by the campaign's exit rules", async () => {
    const { deps, task } = await callTask("Carla Connected", "+1 646 555 0123");
    await completeRepTask(deps, t.rep, task!.id, T1, { outcome: "connected", exit_reason: "meeting" });
    expect(await touches(task!.contact_id)).toBe(1);
    const e = await d.db
      .selectFrom("campaign_contacts")
      .select(["status", "exit_reason"])
      .where("id", "=", task!.enrollment_id)
      .executeTakeFirstOrThrow();
    expect(e).toEqual({ status: "exited", exit_reason: "meeting" });
  });

  it("a contact without a number gets no task: the item fails saying so", async () => {
    const { contactId, task } = await callTask("Mo Nonumber", null);
    expect(task).toBeUndefined();
    const i = await d.db
      .selectFrom("sales_send_queue")
      .select(["status", "error"])
      .where("contact_id", "=", contactId)
      .executeTakeFirstOrThrow();
    expect(i).toEqual({ status: "failed", error: "contact has no usable phone number" });
  });
});
