// The rep's task queue over HTTP (issue 60 item 4): a rep's own tasks by due time with the prospect,
// company, step, campaign, drafted words and profile link; skip with a reason (the touch is
// cancelled and the event log says why), snooze to a time (back in the queue then), done as before
// (the coordinator judges it). Beside each real case its forged one: another rep's task, a reason not
// in the list, a snooze into the past or too far, a made-up cursor, an agent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrincipal } from "../../src/auth/create-principal.ts";
import { issueToken } from "../../src/auth/tokens.ts";
import { enrollContact } from "../../src/campaigns/index.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { approvePending } from "../../src/simulation/simulate-days.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { addContact, engineDeps, oneStepSales } from "./engine-harness.ts";

const T0 = new Date("2026-04-06T10:00:00Z");
const HOUR = 3_600_000;

describe("the rep's task queue over HTTP", () => {
  let h: TestApp;
  let t: Tenant;
  let rep2: { auth: Record<string, string> };
  const contacts: string[] = [];
  beforeAll(async () => {
    h = await testApp();
    h.clock.now = T0;
    const deps = await engineDeps(h.database);
    const db = h.database.db;
    t = await createTenant(db, "queue");
    const other = await createPrincipal(db, {
      clientId: t.clientId,
      displayName: "Second Rep",
      email: `rep2@${t.clientId}.test`,
      roles: ["rep"],
    });
    rep2 = {
      auth: { authorization: `Bearer ${await issueToken(db, t.clientId, other.principalId, "rep2")}` },
    };
    const c = await oneStepSales(db, t.revops, "queue_li", T0, { channel: "linkedin" });
    await db.updateTable("campaigns").set({ name: "LinkedIn warm-up" }).where("id", "=", c.id).execute();
    for (let i = 0; i < 5; i++) {
      const id = await addContact(db, t.clientId, `Queue Person ${"ABCDE"[i]}`, { company: `Firm ${i}` });
      // four are the rep's, the fifth the second rep's
      const owner = i < 4 ? t.rep.principalId : other.principalId;
      await db
        .updateTable("contacts")
        .set({ owner_principal_id: owner })
        .where("contact_id", "=", id)
        .execute();
      await enrollContact(db, t.exec, { campaign: "queue_li", contactId: id }, T0);
      contacts.push(id);
    }
    await runEngineOnce(deps, T0, {
      workerId: "t",
      batch: 50,
      onError: (e) => {
        throw e;
      },
    });
    await approvePending(db, t.exec, T0);
  });
  afterAll(() => h.close());

  const api = (
    method: "GET" | "POST",
    url: string,
    who: { auth: Record<string, string> },
    payload?: unknown,
  ) => h.app.inject({ method, url, headers: who.auth, payload: payload as never });
  const queue = async (who: { auth: Record<string, string> }, query = "") =>
    (await api("GET", `/api/v1/rep-tasks${query}`, who)).json();

  it("lists a rep's own tasks by due time with what a person needs to do each; RevOps sees all", async () => {
    const mine = await queue(t.rep);
    expect(mine.items).toHaveLength(4);
    expect(mine.next_cursor).toBeNull();
    // all four due at the approval (T0): by due time, then by id
    const a = mine.items.find((x: any) => x.prospect.name === "Queue Person A");
    expect(a).toMatchObject({
      kind: "linkedin_touch",
      channel: "linkedin",
      status: "open",
      due_at: T0.toISOString(),
      prospect: { name: "Queue Person A" },
      company: { name: "Firm 0" },
      step: { number: 1, content_type: "follow_up" },
      campaign: { slug: "queue_li", name: "LinkedIn warm-up" },
      link: { url: "https://www.linkedin.com/in/queue.person.a", label: "LinkedIn profile" },
      skip: null,
    });
    expect(a.body.length).toBeGreaterThan(0);
    expect((await queue(rep2)).items.map((x: any) => x.prospect.name)).toEqual(["Queue Person E"]);
    expect((await queue(t.revops)).items).toHaveLength(5);
    expect((await queue(t.exec)).items).toHaveLength(0);
    // an agent has no task queue
    expect((await api("GET", "/api/v1/rep-tasks", t.sales)).statusCode).toBe(403);
  });

  it("pages in the one style; a made-up cursor is refused", async () => {
    const first = await queue(t.rep, "?limit=3");
    expect(first.items).toHaveLength(3);
    const next = await queue(t.rep, `?limit=3&cursor=${encodeURIComponent(first.next_cursor)}`);
    expect(next.items).toHaveLength(1);
    expect(next.next_cursor).toBeNull();
    const forged = await api("GET", "/api/v1/rep-tasks?cursor=eyJ4IjoxfQ.AAAAAAAAAAAAAAAAAAAAAA", t.rep);
    expect(forged.statusCode).toBe(400);
  });

  it("another rep's task is not found for this rep, to act on or to see", async () => {
    const theirs = (await queue(rep2)).items[0];
    for (const [url, body] of [
      [`/api/v1/rep-tasks/${theirs.id}/done`, undefined],
      [`/api/v1/rep-tasks/${theirs.id}/skip`, { reason: "other" }],
      [`/api/v1/rep-tasks/${theirs.id}/snooze`, { until: new Date(T0.getTime() + HOUR).toISOString() }],
    ] as const) {
      const r = await api("POST", url, t.rep, body);
      expect(r.statusCode).toBe(404);
      expect(r.json().error.code).toBe("NOT_FOUND");
    }
    // RevOps sees every task but does not do the rep's touches
    expect(
      (await api("POST", `/api/v1/rep-tasks/${theirs.id}/skip`, t.revops, { reason: "other" })).statusCode,
    ).toBe(403);
  });

  it("skip with a reason: out of the queue, the touch cancelled, the reason in the event log", async () => {
    const [task] = (await queue(t.rep)).items;
    const bad = await api("POST", `/api/v1/rep-tasks/${task.id}/skip`, t.rep, { reason: "bored" });
    expect(bad.statusCode).toBe(400);
    const r = await api("POST", `/api/v1/rep-tasks/${task.id}/skip`, t.rep, {
      reason: "not_connected",
      note: "Pending connection request",
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      status: "skipped",
      skip: { reason: "not_connected", note: "Pending connection request" },
    });
    expect((await queue(t.rep)).items.map((x: any) => x.id)).not.toContain(task.id);
    expect((await queue(t.rep, "?status=skipped")).items.map((x: any) => x.id)).toEqual([task.id]);
    const again = await api("POST", `/api/v1/rep-tasks/${task.id}/skip`, t.rep, { reason: "other" });
    expect(again.json().error.code).toBe("REP_TASK_CLOSED");
    const db = h.database.db;
    const item = await db
      .selectFrom("sales_send_queue")
      .select("status")
      .where("client_id", "=", t.clientId)
      .where("id", "=", task.send_item_id)
      .executeTakeFirstOrThrow();
    expect(item.status).toBe("cancelled");
    const events = await db
      .selectFrom("cadence_event_log")
      .select(["event_type", "actor_principal_id", "details", "step_number", "campaign_id"])
      .where("client_id", "=", t.clientId)
      .where("contact_id", "=", task.prospect.id)
      .where("event_type", "=", "task_skipped")
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor_principal_id: t.rep.principalId,
      step_number: 1,
      campaign_id: task.campaign.id,
      details: { task_id: task.id, reason: "not_connected", note: "Pending connection request" },
    });
  });

  it("snooze to a time: out of the queue until then, back at its time; the past or beyond 30 days refused", async () => {
    const [task] = (await queue(t.rep)).items;
    const url = `/api/v1/rep-tasks/${task.id}/snooze`;
    const at = (ms: number) => ({ until: new Date(T0.getTime() + ms).toISOString() });
    expect((await api("POST", url, t.rep, at(-HOUR))).json().error.code).toBe("VALIDATION_FAILED");
    expect((await api("POST", url, t.rep, at(31 * 24 * HOUR))).statusCode).toBe(400);
    expect((await api("POST", url, t.rep, { until: "tomorrow" })).statusCode).toBe(400);
    const r = await api("POST", url, t.rep, at(2 * HOUR));
    expect(r.json()).toMatchObject({
      status: "open",
      due_at: new Date(T0.getTime() + 2 * HOUR).toISOString(),
    });
    expect((await queue(t.rep)).items.map((x: any) => x.id)).not.toContain(task.id);
    expect((await queue(t.rep, "?due=later")).items.map((x: any) => x.id)).toEqual([task.id]);
    h.clock.now = new Date(T0.getTime() + 2 * HOUR + 1000);
    try {
      const back = (await queue(t.rep)).items;
      // due latest, so last
      expect(back.at(-1).id).toBe(task.id);
    } finally {
      h.clock.now = T0;
    }
  });

  it("done stays the coordinator's: the touch is recorded, then the task leaves the queue", async () => {
    const [task] = (await queue(t.rep)).items;
    const r = await api("POST", `/api/v1/rep-tasks/${task.id}/done`, t.rep);
    expect(r.statusCode).toBe(200);
    expect(r.json().status).toBe("done");
    expect((await queue(t.rep)).items.map((x: any) => x.id)).not.toContain(task.id);
    const touches = await h.database.db
      .selectFrom("cadence_event_log")
      .select("channel")
      .where("client_id", "=", t.clientId)
      .where("contact_id", "=", task.prospect.id)
      .where("event_type", "=", "touch")
      .execute();
    expect(touches).toEqual([{ channel: "linkedin" }]);
  });
});
