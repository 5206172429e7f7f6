// Issue 71 item 2, its third kind: an automation change asked through MCP (issue 72 item 1's
// classes). The reply reader (an agent with the reply_triage role) asks to close a class by hand or
// reopen it: request_automation_change never changes the class, it answers with an approval request
// of kind automation_change. A person who keeps the classes (RevOps, admin) approves it in the
// workspace, signed in; the change then runs once, as the person's own close or reopen (the same
// event as the hand routes), after the agent's token and role are checked again. The forged beside
// the real: the agent's token on the page, a rep's and a sales leader's session, a replay, a reopen
// of a class that is not closed by hand, polling, expiry.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepApprovalRequests } from "../../src/agents/approvals/approval-requests.ts";
import { APPROVAL_REQUEST_TTL_MS } from "../../src/agents/approvals/request-rows.ts";
import { createMcpServer } from "../../src/agents/mcp/server.ts";
import type { Principal } from "../../src/auth/principal.ts";
import { createSession } from "../../src/auth/sessions/create-session.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { structured } from "./mcp-fixtures.ts";
import { assertOutput } from "./tool-outputs.ts";

const ORIGIN = "http://baton.test";
let h: TestApp;
let t: Tenant;

async function connect(principal: Principal): Promise<Client> {
  const [a, b] = InMemoryTransport.createLinkedPair();
  await createMcpServer({
    db: h.database.db,
    engine: h.deps.engine,
    principal,
    config: h.deps.config,
    now: () => h.clock.now ?? new Date(),
  }).connect(a);
  const client = new Client({ name: "automation-change-test", version: "1.0.0" });
  await client.connect(b);
  return client;
}

let reader: Client;
async function call(name: string, args: Record<string, unknown>, c = reader) {
  const r = await c.callTool({ name, arguments: args });
  assertOutput(name, r.structuredContent);
  return { ok: !r.isError, body: structured(r) };
}

async function session(p: Principal) {
  const s = await createSession(
    h.database.db,
    { clientId: p.clientId, principalId: p.principalId, method: "demo" },
    h.deps.config.session,
    new Date(),
  );
  return { cookie: `baton_session=${s.id}`, origin: ORIGIN, "x-csrf-token": s.csrfToken };
}

const decide = (id: string, decision: "approve" | "decline", headers: Record<string, string>) =>
  h.app.inject({ method: "POST", url: `/api/v1/agent-approvals/${id}/${decision}`, headers, payload: {} });

const classState = async (intent: string, language: string) =>
  (
    await h.database.db
      .selectFrom("reply_automation_classes")
      .select("state")
      .where("client_id", "=", t.clientId)
      .where("intent", "=", intent)
      .where("language", "=", language)
      .executeTakeFirst()
  )?.state ?? "closed";

const events = () =>
  h.database.db
    .selectFrom("cadence_event_log")
    .select(["event_type", "resolution", "actor_principal_id", "details"])
    .where("client_id", "=", t.clientId)
    .where("event_type", "in", ["automation_closed", "automation_reopened"])
    .orderBy("event_id")
    .execute();

beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.database.db, "autoch");
  reader = await connect(t.sales);
}, 180_000);
afterAll(async () => {
  await reader?.close();
  await h?.close();
});

describe("an automation change asked through MCP (issue 71 item 2, issue 72)", () => {
  it("the agent gets a request; only a keeper's session approves it, once; the close is the person's", async () => {
    const ask = { intent: "not_interested", language: "de", action: "close", reason: "readings look off" };
    const asked = await call("request_automation_change", ask);
    expect(asked.ok, JSON.stringify(asked.body)).toBe(true);
    expect(asked.body).toMatchObject({
      input_required: true,
      approval_request: {
        kind: "automation_change",
        status: "pending",
        automation_change: { intent: "not_interested", language: "de", action: "close" },
      },
    });
    const id = asked.body.approval_request.request_id;
    expect(asked.body.approval_request.url).toBe(`${ORIGIN}/approvals/agent/${id}`);
    expect(asked.body.next_action).toMatch(/get_approval_request/);
    // nothing changed yet; asked again: the same request
    expect(await classState("not_interested", "de")).toBe("closed");
    expect((await call("request_automation_change", ask)).body.approval_request.request_id).toBe(id);

    // the forged: the agent's own token, a rep's and a sales leader's sessions
    expect((await decide(id, "approve", t.sales.auth)).json().error.code).toBe(
      "APPROVAL_NEEDS_PERSON_SESSION",
    );
    expect((await decide(id, "approve", await session(t.rep))).json().error.code).toBe("FORBIDDEN_ROLE");
    expect((await decide(id, "approve", await session(t.slm))).json().error.code).toBe("FORBIDDEN_ROLE");
    expect(await classState("not_interested", "de")).toBe("closed");
    expect(await events()).toEqual([]);

    // the person reads the class and what the change would do, then approves
    const person = await session(t.revops);
    const page = await h.app.inject({
      method: "GET",
      url: `/api/v1/agent-approvals/${id}`,
      headers: { cookie: person.cookie },
    });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({
      request: { kind: "automation_change", status: "pending" },
      play: null,
      reply: null,
      automation: {
        automation_class: { intent: "not_interested", language: "de", state: "closed", decided: 0 },
        reason: "readings look off",
      },
    });
    expect(page.json().automation.effect).toMatch(/Closes not_interested \/ de by hand/);
    const approved = await decide(id, "approve", person);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().request).toMatchObject({
      status: "done",
      outcome: {
        intent: "not_interested",
        language: "de",
        action: "close",
        state: "closed_by_hand",
        decided_by: t.revops.principalId,
      },
    });
    expect(await classState("not_interested", "de")).toBe("closed_by_hand");
    const written = await events();
    expect(written.map((e) => [e.event_type, e.resolution, e.actor_principal_id])).toEqual([
      ["automation_closed", "by_hand", t.revops.principalId],
    ]);

    // replayed: refused, and nothing runs again
    const replay = await decide(id, "approve", person);
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error.code).toBe("APPROVAL_REQUEST_NOT_PENDING");
    expect(await events()).toHaveLength(1);
    // the agent polls the outcome
    const polled = await call("get_approval_request", { request_id: id });
    expect(polled.body).toMatchObject({ input_required: false, approval_request: { status: "done" } });
    expect(polled.body.next_action).toMatch(/^Done/);
  }, 120_000);

  it("a reopen: refused for a class not closed by hand; approved, it returns the class to earning", async () => {
    const refused = await call("request_automation_change", {
      intent: "later",
      language: "en",
      action: "reopen",
      reason: "earn it again",
    });
    expect(refused).toMatchObject({
      ok: false,
      body: { error: { code: "AUTOMATION_CLASS_NOT_CLOSED_BY_HAND" } },
    });
    expect(refused.body.error.next_action).toMatch(/request_automation_change/);
    const invalid = await call("request_automation_change", {
      intent: "referral",
      language: "en",
      action: "close",
      reason: "x",
    });
    expect(invalid.body.error.code).toBe("AUTOMATION_CLASS_INVALID");

    // the class closed by hand above: the agent asks to reopen it, an admin approves
    const asked = await call("request_automation_change", {
      intent: "not_interested",
      language: "de",
      action: "reopen",
      reason: "the new model reads German well",
    });
    const id = asked.body.approval_request.request_id;
    const done = await decide(id, "approve", await session(t.admin));
    expect(done.json().request).toMatchObject({ status: "done", outcome: { state: "closed" } });
    expect(await classState("not_interested", "de")).toBe("closed");
    expect((await events()).map((e) => [e.event_type, e.actor_principal_id])).toEqual([
      ["automation_closed", t.revops.principalId],
      ["automation_reopened", t.admin.principalId],
    ]);

    // a reopen asked, then the class reopened by hand meanwhile: the approval fails, nothing twice
    await h.app.inject({
      method: "POST",
      url: "/api/v1/replies/automation/close",
      headers: t.revops.auth,
      payload: { intent: "meeting", language: "fr" },
    });
    const again = await call("request_automation_change", {
      intent: "meeting",
      language: "fr",
      action: "reopen",
      reason: "x",
    });
    const reopened = await h.app.inject({
      method: "POST",
      url: "/api/v1/replies/automation/reopen",
      headers: t.revops.auth,
      payload: { intent: "meeting", language: "fr" },
    });
    expect(reopened.statusCode, reopened.body).toBe(200);
    const late = await decide(again.body.approval_request.request_id, "approve", await session(t.revops));
    expect(late.json().request).toMatchObject({
      status: "failed",
      outcome: { code: "AUTOMATION_CLASS_NOT_CLOSED_BY_HAND" },
    });
    const polled = await call("get_approval_request", { request_id: again.body.approval_request.request_id });
    expect(polled.body.next_action).toMatch(/request_automation_change again/);
  }, 120_000);

  it("a person declines; a request no one decides expires, and the sweep writes it", async () => {
    const declined = (
      await call("request_automation_change", {
        intent: "interested",
        language: "en",
        action: "close",
        reason: "x",
      })
    ).body.approval_request.request_id;
    const d = await decide(declined, "decline", await session(t.revops));
    expect(d.json().request.status).toBe("declined");
    expect(await classState("interested", "en")).toBe("closed");

    const waiting = (
      await call("request_automation_change", {
        intent: "out_of_office",
        language: "en",
        action: "close",
        reason: "x",
      })
    ).body.approval_request.request_id;
    const swept = await sweepApprovalRequests(
      h.database.db,
      new Date(Date.now() + APPROVAL_REQUEST_TTL_MS + 1000),
    );
    expect(swept.expired).toBeGreaterThanOrEqual(1);
    const polled = await call("get_approval_request", { request_id: waiting });
    expect(polled.body).toMatchObject({ approval_request: { status: "expired" } });
    expect(polled.body.next_action).toMatch(/request_automation_change again/);
    const late = await decide(waiting, "approve", await session(t.revops));
    expect(late.json().error.code).toBe("APPROVAL_REQUEST_NOT_PENDING");
    expect(await classState("out_of_office", "en")).toBe("closed");
  }, 120_000);

  it("a person's token and a brain agent may not ask", async () => {
    const revops = await connect(t.revops);
    const r = await call(
      "request_automation_change",
      { intent: "later", language: "en", action: "close", reason: "x" },
      revops,
    );
    expect(r.body.error.code).toBe("FORBIDDEN_ROLE");
    await revops.close();
  });
});
