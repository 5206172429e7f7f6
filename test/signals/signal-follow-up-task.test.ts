// Issue 69 item 4: the Signals view's "create a task" puts a follow-up in the rep's task queue
// (engine_rep_tasks, kind signal_follow_up, migration 0640): no send item, enrollment or channel. The
// rep who made it has it in their queue with the signals in words; a second click answers the same
// task; a RevOps person's follow-up goes to the prospect's owner; another book's rep neither sees
// nor closes it; done records no touch and closes the view's open task; skip and snooze work as on
// any task; an account's follow-up is about its person of the book; erasure removes it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callAs, type TestApp, testApp } from "../support/app.ts";
import { type BookWorld, createBookWorld } from "../support/books.ts";

const NOW = new Date("2026-11-24T15:00:00Z");
const ago = (h: number) => new Date(NOW.getTime() - h * 3600_000).toISOString();

describe("signals: a follow-up task from the Signals view", () => {
  let h: TestApp;
  let w: BookWorld;
  let call: ReturnType<typeof callAs>;
  beforeAll(async () => {
    h = await testApp();
    h.clock.now = NOW;
    w = await createBookWorld(h.database.db, "sigft");
    call = callAs(h);
    const { a, b } = w.contacts;
    const r = await call("POST", "/api/v1/signals", w.t.agt301.auth, {
      signals: [
        { type: "pricing_page_visit", contact_id: a, occurred_at: ago(2), external_id: "p1" },
        { type: "pricing_page_visit", contact_id: a, occurred_at: ago(20), external_id: "p2" },
        { type: "demo_request", contact_id: b, occurred_at: ago(3), external_id: "d1" },
      ],
    });
    expect(r.json()).toMatchObject({ recorded: 3 });
  }, 60_000);
  afterAll(async () => h?.close());

  const act = (who: { auth: { authorization: string } }, kind: string, id: string, body: object) =>
    call("POST", `/api/v1/signals/hot/${kind}/${id}/actions`, who.auth, body);
  const queue = async (who: { auth: { authorization: string } }) => {
    const r = await call("GET", "/api/v1/rep-tasks?status=open&due=any", who.auth);
    expect(r.statusCode).toBe(200);
    return r.json().items as { id: string; kind: string; contact_id: string; body: string }[];
  };
  const events = (type: string, contactId: string) =>
    h.database.db
      .selectFrom("cadence_event_log")
      .select(["event_type", "actor_principal_id", "details"])
      .where("client_id", "=", w.t.clientId)
      .where("contact_id", "=", contactId)
      .where("event_type", "=", type)
      .execute();

  it("the rep's follow-up is a task of their queue, once, with the signals in words; done records no touch", async () => {
    const { t } = w;
    const made = await act(t.rep, "contacts", w.contacts.a, { action: "task" });
    expect(made.statusCode).toBe(200);
    const taskId = made.json().task_id as string;
    expect(made.json()).toMatchObject({ action: "task", task_id: expect.any(String) });

    const mine = await queue(t.rep);
    expect(mine).toEqual([
      expect.objectContaining({
        id: taskId,
        kind: "signal_follow_up",
        contact_id: w.contacts.a,
        channel: null,
        campaign: null,
        step: null,
        send_item_id: null,
        enrollment_id: null,
        prospect: expect.objectContaining({ name: "Ann Abbott" }),
        body: "Follow up: visited the pricing page twice in 14 days",
      }),
    ]);
    // a second click while it is open answers the same task
    const again = await act(t.rep, "contacts", w.contacts.a, { action: "task", note: "call her" });
    expect(again.json().task_id).toBe(taskId);
    expect((await queue(t.rep)).length).toBe(1);
    const hot = (await call("GET", "/api/v1/signals/hot", t.rep.auth)).json().items;
    expect(hot.find((i: { contact_id: string }) => i.contact_id === w.contacts.a).open_task).toMatchObject({
      task_id: taskId,
    });

    // another book's rep neither sees it nor closes it, nor acts on the rep's prospect
    expect((await queue(w.repB)).map((x) => x.id)).not.toContain(taskId);
    expect((await call("POST", `/api/v1/rep-tasks/${taskId}/done`, w.repB.auth)).statusCode).toBe(404);
    expect((await act(w.repB, "contacts", w.contacts.a, { action: "task" })).statusCode).toBe(404);

    // snoozed, it leaves the queue until then; done, no touch is recorded and the view's task closes
    const snoozed = await call("POST", `/api/v1/rep-tasks/${taskId}/snooze`, t.rep.auth, {
      until: new Date(NOW.getTime() + 3600_000).toISOString(),
    });
    expect(snoozed.statusCode).toBe(200);
    expect((await call("GET", "/api/v1/rep-tasks", t.rep.auth)).json().items).toEqual([]);
    const done = await call("POST", `/api/v1/rep-tasks/${taskId}/done`, t.rep.auth);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ id: taskId, status: "done", kind: "signal_follow_up" });
    expect(await events("touch", w.contacts.a)).toEqual([]);
    expect(await events("follow_up_done", w.contacts.a)).toEqual([
      expect.objectContaining({ actor_principal_id: t.rep.principalId }),
    ]);
    expect((await call("POST", `/api/v1/rep-tasks/${taskId}/done`, t.rep.auth)).json().error.code).toBe(
      "REP_TASK_CLOSED",
    );
    const after = (await call("GET", "/api/v1/signals/hot", t.rep.auth)).json().items;
    expect(after.find((i: { contact_id: string }) => i.contact_id === w.contacts.a).open_task).toBeNull();
  }, 60_000);

  it("RevOps' follow-up goes to the prospect's owner, who skips it with a reason", async () => {
    const { t } = w;
    const made = await act(t.revops, "contacts", w.contacts.b, { action: "task", note: "Demo asked: call" });
    expect(made.statusCode).toBe(200);
    const taskId = made.json().task_id;
    expect((await queue(t.rep)).map((x) => x.id)).not.toContain(taskId);
    expect(await queue(w.repB)).toEqual([
      expect.objectContaining({ id: taskId, body: "Demo asked: call", contact_id: w.contacts.b }),
    ]);
    const skipped = await call("POST", `/api/v1/rep-tasks/${taskId}/skip`, w.repB.auth, {
      reason: "already_in_touch",
    });
    expect(skipped.statusCode).toBe(200);
    expect(skipped.json()).toMatchObject({ status: "skipped", skip: { reason: "already_in_touch" } });
    expect(await events("task_skipped", w.contacts.b)).toEqual([
      expect.objectContaining({ actor_principal_id: w.repB.principalId }),
    ]);
  }, 60_000);

  it("an account's follow-up is about its person of the book; erasing the person removes it", async () => {
    const { t } = w;
    const account = await h.database.db
      .selectFrom("contacts")
      .select("account_id")
      .where("client_id", "=", t.clientId)
      .where("contact_id", "=", w.contacts.a)
      .executeTakeFirstOrThrow();
    const made = await act(t.rep, "accounts", account.account_id!, { action: "task" });
    expect(made.statusCode).toBe(200);
    const [task] = (await queue(t.rep)).filter((x) => x.id === made.json().task_id);
    expect(task).toMatchObject({
      contact_id: w.contacts.a,
      body: "Follow up: visited the pricing page twice in 14 days",
    });
    const erased = await call("POST", `/api/v1/contacts/${w.contacts.a}/erase`, t.revops.auth, {
      request_reference: "T-1",
    });
    expect(erased.statusCode).toBe(200);
    expect((await queue(t.rep)).map((x) => x.id)).not.toContain(task.id);
  }, 60_000);
});
