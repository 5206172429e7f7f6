// Completing a list of rep tasks in one transaction (completeRepTasks, issue 14) must answer and
// write exactly as completing them one at a time does. The same scenario is built in two tenants:
// one completes the list at once, the other task by task, and the answers, the tasks, the send
// items, the touches and the CRM outbox are compared.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContact } from "../../src/campaigns/index.ts";
import type { Database } from "../../src/db/connect.ts";
import { completeRepTask, completeRepTasks, listMyTasks, type RepTask } from "../../src/engine/rep-tasks.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { BatonError } from "../../src/errors/baton-error.ts";
import { approvePending } from "../../src/simulation/simulate-days.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { addContact, engineDeps, oneStepSales } from "./engine-harness.ts";

const T0 = new Date("2026-04-06T10:00:00Z");
const T1 = new Date("2026-04-06T12:00:00Z");
const UNKNOWN = "00000000-0000-4000-8000-00000000dead";

let d: Database;
beforeAll(async () => {
  d = await testDatabase();
});
afterAll(async () => d.close());

interface Scenario {
  t: Tenant;
  contacts: string[];
}

async function setUp(prefix: string): Promise<Scenario> {
  const t = await createTenant(d.db, prefix);
  await oneStepSales(d.db, t.revops, `${prefix}_li`, T0, { channel: "linkedin", instructions: "Hi." });
  const contacts: string[] = [];
  for (let i = 0; i < 5; i++) contacts.push(await addContact(d.db, t.clientId, `Person ${i}`));
  for (const c of contacts) await enrollContact(d.db, t.exec, { campaign: `${prefix}_li`, contactId: c }, T0);
  return { t, contacts };
}

/** The rep's open tasks by contact; contact 2 opts out (flag only) and contact 3's touch is cancelled. */
async function tasksOf(s: Scenario): Promise<string[]> {
  const tasks = (await listMyTasks(d.db, s.t.rep, {})).items;
  const byContact = s.contacts.map((c) => tasks.find((x) => x.contact_id === c)!.id);
  await sql`update contacts set opt_out_flag = true where contact_id = ${s.contacts[2]}`.execute(d.db);
  await sql`update sales_send_queue set status = 'cancelled'
             where id = (select send_item_id from engine_rep_tasks where id = ${byContact[3]})`.execute(d.db);
  return byContact;
}

function shape(s: Scenario, r: (RepTask | BatonError)[]) {
  return r.map((x) =>
    x instanceof BatonError
      ? { code: x.code, message: x.message.replaceAll(/[0-9a-f-]{36}/g, "<id>") }
      : { who: s.contacts.indexOf(x.contact_id), status: x.status, done_at: x.done_at?.toISOString() },
  );
}

async function written(s: Scenario) {
  const who = (id: string | null) => (id === null ? null : s.contacts.indexOf(id));
  const tasks = await d.db
    .selectFrom("engine_rep_tasks as r")
    .innerJoin("sales_send_queue as q", "q.id", "r.send_item_id")
    .select(["r.contact_id", "r.status", "r.done_at", "q.status as item", "q.sent_at"])
    .where("r.client_id", "=", s.t.clientId)
    .execute();
  const touches = await d.db
    .selectFrom("cadence_event_log")
    .select(["contact_id", "channel", "touch_cap_at_event", "occurred_at"])
    .where("client_id", "=", s.t.clientId)
    .where("event_type", "=", "touch")
    .orderBy("event_id")
    .execute();
  const outbox = await d.db
    .selectFrom("crm_outbox")
    .select(["contact_id", "op", "payload"])
    .where("client_id", "=", s.t.clientId)
    .orderBy("id")
    .execute();
  const contacts = await d.db
    .selectFrom("contacts")
    .select(["contact_id", "last_touch_at", "current_step"])
    .where("client_id", "=", s.t.clientId)
    .execute();
  return {
    tasks: tasks
      .map((x) => ({ ...x, contact_id: who(x.contact_id) }))
      .sort((a, b) => Number(a.contact_id) - Number(b.contact_id)),
    touches: touches.map((x) => ({ ...x, contact_id: who(x.contact_id) })),
    outbox: outbox.map((x) => ({
      who: who(x.contact_id),
      op: x.op,
      payload: JSON.stringify(x.payload)
        .replaceAll(/[0-9a-f-]{36}/g, "<id>")
        .replaceAll(/task[ab]/g, "<tenant>"),
    })),
    contacts: contacts
      .map((x) => ({ ...x, contact_id: who(x.contact_id) }))
      .sort((a, b) => Number(a.contact_id) - Number(b.contact_id)),
  };
}

describe("completing rep tasks in one transaction", () => {
  it("answers and writes as completing them one at a time does", async () => {
    const bulk = await setUp("taska");
    const single = await setUp("taskb");
    const deps = await engineDeps(d);
    const run = (now: Date) =>
      runEngineOnce(deps, now, {
        workerId: "tasks",
        batch: 50,
        onError: (e) => {
          throw e;
        },
      });
    await run(T0); // drafts the LinkedIn steps of both tenants
    // every draft approved as the exec finishes it (the server approves no [placeholder])
    for (const s of [bulk, single]) await approvePending(d.db, s.t.exec, T0);
    await run(T0); // the approved LinkedIn touches become the rep's tasks
    const a = await tasksOf(bulk);
    const b = await tasksOf(single);
    // done, done, a repeat (closed by then), unknown, opted out, touch cancelled, done
    const list = (x: string[]) => [x[0], x[1], x[1], UNKNOWN, x[2], x[3], x[4]];

    const inBulk = await completeRepTasks(deps, bulk.t.rep, list(a), T1);
    const inTurn: (RepTask | BatonError)[] = [];
    for (const id of list(b)) {
      try {
        inTurn.push(await completeRepTask(deps, single.t.rep, id, T1));
      } catch (e) {
        if (!(e instanceof BatonError)) throw e;
        inTurn.push(e);
      }
    }
    expect(shape(bulk, inBulk)).toEqual(shape(single, inTurn));
    expect(shape(bulk, inBulk).map((x) => ("code" in x ? x.code : x.status))).toEqual([
      "done",
      "done",
      "REP_TASK_CLOSED",
      "NOT_FOUND",
      "REP_TASK_CANCELLED_CONTACT",
      "REP_TASK_CANCELLED_CONTACT",
      "done",
    ]);
    expect(await written(bulk)).toEqual(await written(single));
    // the exec may not complete the rep's tasks
    expect(shape(bulk, await completeRepTasks(deps, bulk.t.exec, [a[0]], T1))).toEqual([
      { code: "NOT_FOUND", message: expect.any(String) },
    ]);
  });
});
