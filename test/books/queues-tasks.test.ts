// Books in the work queues (issue 61 item 2), part 1: the rep's tasks, the staged drafts and the
// agents' drafting tasks. Scope 'own': team A's rep works A's prospects, not team B's (a task given
// to them by name about B's prospect, a prospect no one owns); another book's item is absent from
// the list, 404 by id, refused 404 when written and left as it was; the manager reads the team's,
// RevOps all. An agent token bound to team B lists and leases only B's drafting tasks. With the
// setting 'tenant' the rep has what they had before books.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callAs } from "../support/app.ts";
import { setBookScope } from "../support/books.ts";
import { createQueueWorld, mcpAs, type QueueWorld, T0 } from "./queue-world.ts";

let q: QueueWorld;
let api: ReturnType<typeof callAs>;

beforeAll(async () => {
  q = await createQueueWorld();
  api = callAs(q.h);
}, 120_000);
afterAll(async () => q?.close());

const ids = (body: { items: { id: string }[] }) => body.items.map((x) => x.id).sort();
const sorted = (...xs: string[]) => [...xs].sort();

describe("books in the rep's task queue", () => {
  it("a rep lists and works only their book's tasks; another book's task is 404 and stays open", async () => {
    const { w, tasks } = q;
    const { t } = w;
    const db = q.h.database.db;
    expect(ids((await api("GET", "/api/v1/rep-tasks", t.rep.auth)).json())).toEqual([tasks.A]);
    expect(ids((await api("GET", "/api/v1/rep-tasks", w.repB.auth)).json())).toEqual([]);
    expect(ids((await api("GET", "/api/v1/rep-tasks", t.revops.auth)).json())).toEqual(
      sorted(tasks.A, tasks.B, tasks.N),
    );
    // the navigation's count is the list's
    expect((await api("GET", "/api/v1/me/queues", t.rep.auth)).json().tasks).toBe(1);

    for (const [url, body] of [
      [`/api/v1/rep-tasks/${tasks.B}/skip`, { reason: "other" }],
      [`/api/v1/rep-tasks/${tasks.B}/snooze`, { until: new Date(T0.getTime() + 86_400_000).toISOString() }],
      [`/api/v1/rep-tasks/${tasks.B}/done`, {}],
      [`/api/v1/rep-tasks/${tasks.N}/done`, {}],
    ] as const) {
      const r = await api("POST", url, t.rep.auth, body);
      expect(r.statusCode, url).toBe(404);
      expect(r.json().error.code).toBe("NOT_FOUND");
    }
    const bulk = (
      await api("POST", "/api/v1/rep-tasks/done", t.rep.auth, { ids: [tasks.B, tasks.A] })
    ).json();
    expect(bulk.results.map((r: { ok: boolean; error?: { code: string } }) => r.error?.code ?? r.ok)).toEqual(
      ["NOT_FOUND", true],
    );
    const rows = await db
      .selectFrom("engine_rep_tasks")
      .select(["id", "status", "due_at", "skip_reason"])
      .where("client_id", "=", t.clientId)
      .where("id", "in", [tasks.A, tasks.B, tasks.N])
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(tasks.A)!.status).toBe("done");
    for (const other of [tasks.B, tasks.N])
      expect(byId.get(other)).toMatchObject({ status: "open", skip_reason: null });
  });

  it("with the setting 'tenant' the rep has the tasks given to them and the unowned ones again", async () => {
    const { w, tasks } = q;
    await setBookScope(q.h.database.db, w.t.clientId, "tenant");
    try {
      expect(ids((await api("GET", "/api/v1/rep-tasks", w.t.rep.auth)).json())).toEqual(
        sorted(tasks.B, tasks.N),
      );
    } finally {
      await setBookScope(q.h.database.db, w.t.clientId, "own");
    }
  });
});

describe("books in the staged drafts", () => {
  it("a rep and a manager read their book's drafts; another's is 404; the exec and RevOps read all", async () => {
    const { w, drafts } = q;
    const { t } = w;
    const list = async (who: { authorization: string }) =>
      ids((await api("GET", "/api/v1/drafts?limit=100", who)).json()).filter(
        (id) => id === drafts.A || id === drafts.B,
      );
    expect(await list(t.rep.auth)).toEqual([drafts.A]);
    expect(await list(w.repB.auth)).toEqual([drafts.B]);
    expect(await list(t.slm.auth)).toEqual([drafts.A]);
    expect(await list(t.revops.auth)).toEqual(sorted(drafts.A, drafts.B));
    expect(await list(t.exec.auth)).toEqual(sorted(drafts.A, drafts.B));
    expect((await api("GET", `/api/v1/drafts/${drafts.B}`, t.rep.auth)).statusCode).toBe(404);
    expect((await api("GET", `/api/v1/drafts/${drafts.B}`, w.repB.auth)).statusCode).toBe(200);
    expect((await api("GET", `/api/v1/drafts/${drafts.A}`, t.slm.auth)).statusCode).toBe(200);
    await setBookScope(q.h.database.db, t.clientId, "tenant");
    try {
      expect(await list(t.rep.auth)).toEqual(sorted(drafts.A, drafts.B));
    } finally {
      await setBookScope(q.h.database.db, t.clientId, "own");
    }
  });
});

describe("books in the agents' drafting tasks", () => {
  it("an agent bound to team B lists, leases and submits only team B's tasks, over the API and MCP", async () => {
    const { w, draftingTasks: dt, boundB } = q;
    const db = q.h.database.db;
    const listed = async (who: { authorization: string }) =>
      ids((await api("GET", "/api/v1/drafting-tasks?limit=100", who)).json()).filter(
        (id) => id === dt.A || id === dt.B,
      );
    expect(await listed(boundB.auth)).toEqual([dt.B]);
    expect(await listed(w.t.sales.auth)).toEqual(sorted(dt.A, dt.B)); // an unbound agent: the workspace

    const refused = await api("POST", `/api/v1/drafting-tasks/${dt.A}/lease`, boundB.auth);
    expect(refused.statusCode).toBe(404);
    const submit = await api("POST", `/api/v1/drafting-tasks/${dt.A}/submit`, boundB.auth, { body: "Hi." });
    expect(submit.statusCode).toBe(404);
    const a = await db
      .selectFrom("engine_drafting_tasks")
      .select(["status", "leased_by_agent_id"])
      .where("id", "=", dt.A)
      .executeTakeFirstOrThrow();
    expect(a).toEqual({ status: "open", leased_by_agent_id: null });

    const mcp = await mcpAs(q.url, boundB.token);
    try {
      const page = await mcp.call("list_drafting_tasks", { limit: 100 });
      expect(ids(page.body).filter((id) => id === dt.A || id === dt.B)).toEqual([dt.B]);
      const lease = await mcp.call("lease_drafting_task", { task_id: dt.A });
      expect(lease.ok).toBe(false);
      expect(lease.body.error.code).toBe("NOT_FOUND");
      expect((await mcp.call("lease_drafting_task", { task_id: dt.B })).ok).toBe(true);
      const sent = await mcp.call("submit_draft", { task_id: dt.B, subject: "Hello", body: "Hi there." });
      expect(sent.ok).toBe(true);
      // the bound agent sees the draft it wrote, of its book
      expect((await mcp.call("get_staged_draft", { draft_id: sent.body.id })).ok).toBe(true);
    } finally {
      await mcp.close();
    }
  });
});
