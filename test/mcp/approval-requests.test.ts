// Issue 71 item 2: a person's decision, asked through MCP. A brain agent asks for its play's
// approval; the tool answers with an approval request (input_required, the link to Baton's page),
// or MCP's URL elicitation for a client that declared it. A person approves in the workspace,
// signed in, and the approval runs once, after the agent's token and role are checked again. The
// forged beside the real: the agent's own token, a person's bearer token, a rep's session, a write
// without the CSRF token, a made-up id, another workspace's person, and the same approval replayed
// change nothing; a request expires; a revoked agent token runs nothing.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { ErrorCode, McpError, type UrlElicitationRequiredError } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeApiToken } from "../../src/admin/revoke-api-token.ts";
import { APPROVAL_REQUEST_TTL_MS } from "../../src/agents/approvals/approval-requests.ts";
import { createMcpServer } from "../../src/agents/mcp/server.ts";
import type { Principal } from "../../src/auth/principal.ts";
import { createSession } from "../../src/auth/sessions/create-session.ts";
import { tokenIdOf } from "../../src/auth/tokens.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { playDraft, seedSegment } from "./mcp-fixtures.ts";

const ORIGIN = "http://baton.test";
let h: TestApp;
let t: Tenant;
let other: Tenant;

async function connect(principal: Principal, capabilities = {}): Promise<Client> {
  const [a, b] = InMemoryTransport.createLinkedPair();
  await createMcpServer({
    db: h.database.db,
    engine: h.deps.engine,
    principal,
    config: h.deps.config,
    now: () => h.clock.now ?? new Date(),
  }).connect(a);
  const client = new Client({ name: "approval-test", version: "1.0.0" }, { capabilities });
  await client.connect(b);
  return client;
}

async function tool(c: Client, name: string, args: Record<string, unknown>): Promise<any> {
  const r = await c.callTool({ name, arguments: args });
  if (r.isError) throw new Error(`${name}: ${JSON.stringify(r.structuredContent)}`);
  return r.structuredContent;
}

/** A signed-in person's browser: the session cookie and its CSRF token. */
async function session(p: Principal) {
  const s = await createSession(
    h.database.db,
    { clientId: p.clientId, principalId: p.principalId, method: "demo" },
    h.deps.config.session,
    new Date(),
  );
  return { cookie: `baton_session=${s.id}`, csrf: s.csrfToken };
}

function decide(id: string, decision: "approve" | "decline", headers: Record<string, string>) {
  return h.app.inject({
    method: "POST",
    url: `/api/v1/agent-approvals/${id}/${decision}`,
    headers,
    payload: {},
  });
}

async function playRow(playId: string) {
  return h.database.db
    .selectFrom("plays")
    .select(["state", "slm_approver_user_id", "revops_approver_user_id"])
    .where("client_id", "=", t.clientId)
    .where("play_id", "=", playId)
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.database.db);
  other = await createTenant(h.database.db);
  await seedSegment(h.database.db, t.clientId);
}, 180_000);
afterAll(() => h?.close());

describe("a play's approval asked through MCP, decided by a person (issue 71 item 2)", () => {
  it("the agent gets a link; only a person's session approves, once; the agent polls the outcome", async () => {
    const brain = await connect(t.agt901);
    const play = await tool(brain, "draft_play", playDraft({ name: "Asked through MCP" }));
    const asked = await tool(brain, "request_play_approval", { play_id: play.play_id });
    expect(asked.input_required).toBe(true);
    const r = asked.approval_request;
    expect(r).toMatchObject({ kind: "play_approval", status: "pending", play_id: play.play_id });
    expect(r.url).toBe(`${ORIGIN}/approvals/agent/${r.request_id}`);
    expect(asked.next_action).toMatch(/get_approval_request \{request_id: "/);
    // asked again: the same request, not a second one
    expect(
      (await tool(brain, "request_play_approval", { play_id: play.play_id })).approval_request.request_id,
    ).toBe(r.request_id);

    // nothing the agent sends stands in for the person
    const agentTried = await decide(r.request_id, "approve", t.agt901.auth);
    expect(agentTried.json().error.code).toBe("APPROVAL_NEEDS_PERSON_SESSION");
    const tokenTried = await decide(r.request_id, "approve", t.revops.auth);
    expect(tokenTried.statusCode).toBe(403);
    expect(tokenTried.json().error.code).toBe("APPROVAL_NEEDS_PERSON_SESSION");
    const rep = await session(t.rep);
    const repTried = await decide(r.request_id, "approve", {
      ...rep,
      origin: ORIGIN,
      "x-csrf-token": rep.csrf,
    });
    expect(repTried.json().error.code).toBe("FORBIDDEN_ROLE");
    const revops = await session(t.revops);
    const noCsrf = await decide(r.request_id, "approve", { cookie: revops.cookie, origin: ORIGIN });
    expect(noCsrf.json().error.code).toBe("CSRF_REFUSED");
    const elsewhere = await session(other.revops);
    const otherTried = await decide(r.request_id, "approve", {
      cookie: elsewhere.cookie,
      origin: ORIGIN,
      "x-csrf-token": elsewhere.csrf,
    });
    expect(otherTried.statusCode).toBe(404);
    const madeUp = await decide("00000000-0000-4000-8000-000000000000", "approve", {
      cookie: revops.cookie,
      origin: ORIGIN,
      "x-csrf-token": revops.csrf,
    });
    expect(madeUp.statusCode).toBe(404);
    // no tool decides a request: the agent's approve_play is refused by role
    const own = await brain.callTool({ name: "approve_play", arguments: { play_id: play.play_id } });
    expect((own.structuredContent as any).error.code).toBe("FORBIDDEN_ROLE");
    expect(await playRow(play.play_id)).toEqual({
      state: "draft",
      slm_approver_user_id: null,
      revops_approver_user_id: null,
    });
    expect(
      (await tool(brain, "get_approval_request", { request_id: r.request_id })).approval_request.status,
    ).toBe("pending");

    // the person reads the request on the page's API, then approves
    const page = await h.app.inject({
      method: "GET",
      url: `/api/v1/agent-approvals/${r.request_id}`,
      headers: { cookie: revops.cookie },
    });
    expect(page.json()).toMatchObject({
      request: { status: "pending" },
      play: { name: "Asked through MCP" },
    });
    const real = { cookie: revops.cookie, origin: ORIGIN, "x-csrf-token": revops.csrf };
    const approved = await decide(r.request_id, "approve", real);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().request).toMatchObject({ status: "done", outcome: { state: "under_review" } });
    const after = await playRow(play.play_id);
    expect(after).toEqual({
      state: "under_review",
      slm_approver_user_id: null,
      revops_approver_user_id: t.revops.principalId,
    });

    // replayed: refused, and nothing changes
    const replay = await decide(r.request_id, "approve", real);
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error.code).toBe("APPROVAL_REQUEST_NOT_PENDING");
    expect(await playRow(play.play_id)).toEqual(after);

    // the agent polls, and a retried request answers the outcome without running again
    const polled = await tool(brain, "get_approval_request", { request_id: r.request_id });
    expect(polled).toMatchObject({ input_required: false, approval_request: { status: "done" } });
    const retried = await tool(brain, "request_play_approval", { play_id: play.play_id });
    expect(retried.approval_request).toMatchObject({ request_id: r.request_id, status: "done" });
    // another agent's request is not found for this one
    const other902 = await connect(t.agt902);
    const foreign = await other902.callTool({
      name: "get_approval_request",
      arguments: { request_id: r.request_id },
    });
    expect((foreign.structuredContent as any).error).toMatchObject({ code: "NOT_FOUND" });
    expect((foreign.structuredContent as any).error.next_action).toMatch(/get_approval_request/);
  }, 120_000);

  it("a client that declared URL elicitation is sent to the page with -32042", async () => {
    const brain = await connect(t.agt901, { elicitation: { url: {} } });
    const play = await tool(brain, "draft_play", playDraft({ name: "Elicited" }));
    const call = brain.callTool({ name: "request_play_approval", arguments: { play_id: play.play_id } });
    const e = await call.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(McpError);
    expect((e as McpError).code).toBe(ErrorCode.UrlElicitationRequired);
    const [elicitation] = (e as UrlElicitationRequiredError).elicitations;
    expect(elicitation).toMatchObject({ mode: "url" });
    expect(elicitation.url).toBe(`${ORIGIN}/approvals/agent/${elicitation.elicitationId}`);
    // the same request, readable by its id
    const polled = await tool(brain, "get_approval_request", { request_id: elicitation.elicitationId });
    expect(polled.approval_request).toMatchObject({ status: "pending", play_id: play.play_id });
  }, 60_000);

  it("a revoked agent token runs nothing; a declined request and an expired one neither", async () => {
    const brain = await connect(t.agt902);
    const revops = await session(t.revops);
    const real = { cookie: revops.cookie, origin: ORIGIN, "x-csrf-token": revops.csrf };
    const ask = async (name: string) => {
      const play = await tool(brain, "draft_play", playDraft({ name }));
      const r = (await tool(brain, "request_play_approval", { play_id: play.play_id })).approval_request;
      return { play, r };
    };
    const declined = await ask("Declined");
    expect((await decide(declined.r.request_id, "decline", real)).json().request.status).toBe("declined");
    expect((await playRow(declined.play.play_id)).state).toBe("draft");

    const late = await ask("Too late");
    h.clock.now = new Date(Date.now() + APPROVAL_REQUEST_TTL_MS + 60_000);
    try {
      expect(
        (await tool(brain, "get_approval_request", { request_id: late.r.request_id })).approval_request
          .status,
      ).toBe("expired");
      const refused = await decide(late.r.request_id, "approve", real);
      expect(refused.json().error).toMatchObject({
        code: "APPROVAL_REQUEST_NOT_PENDING",
        facts: { status: "expired" },
      });
    } finally {
      h.clock.now = null;
    }
    expect((await playRow(late.play.play_id)).state).toBe("draft");

    const revoked = await ask("Revoked");
    await revokeApiToken(h.database.db, t.admin, await tokenIdOf(h.database.db, t.agt902), new Date());
    const approved = await decide(revoked.r.request_id, "approve", real);
    expect(approved.json().request).toMatchObject({ status: "failed", outcome: { code: "TOKEN_REVOKED" } });
    expect(await playRow(revoked.play.play_id)).toMatchObject({
      state: "draft",
      revops_approver_user_id: null,
    });
  }, 120_000);
});
