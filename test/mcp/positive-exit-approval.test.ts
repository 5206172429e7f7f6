// Issue 71 item 2: a positive exit asked through MCP. The reply reader (an agent with the
// reply_triage role) decides a reply as converted: decide_reply does not exit, it answers with an
// approval request of kind positive_exit. A person who triages approves it in the workspace, signed
// in; the exit then runs once, as the person's decision, after the agent's token and role and the
// enrollment's state are checked again. The forged beside the real: the agent's token on the page,
// another workspace's person, a replay, a reply decided meanwhile or before, an enrollment that
// moved. And the sweep: a request left running (its process stopped) is settled failed.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APPROVAL_RUNNING_BOUND_MS,
  sweepApprovalRequests,
} from "../../src/agents/approvals/approval-requests.ts";
import { createMcpServer } from "../../src/agents/mcp/server.ts";
import type { Principal } from "../../src/auth/principal.ts";
import { createSession } from "../../src/auth/sessions/create-session.ts";
import { enrollContact, exitEnrollment, setCampaignPorts } from "../../src/campaigns/index.ts";
import { processReply } from "../../src/campaigns/process-reply.ts";
import type { Classification, ReplyIntent } from "../../src/replies/classifier.ts";
import { defineSpecCampaigns, newContact, T0 } from "../campaigns/helpers.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { structured } from "./mcp-fixtures.ts";
import { assertOutput } from "./tool-outputs.ts";

const ORIGIN = "http://baton.test";
let h: TestApp;
let t: Tenant;
let other: Tenant;
let reader: Client;

/** The classifier reads the reply's first word: "interested~0.6 ..." (intent, confidence). */
const fixed = {
  name: "fixed",
  async classify(text: string): Promise<Classification> {
    const [intent, conf] = text.split(" ")[0].split("~");
    return {
      intent: intent as ReplyIntent,
      returnDate: null,
      confidence: Number(conf ?? 1),
      by: "fixed",
      stopSignal: false,
    };
  },
};

async function connect(principal: Principal): Promise<Client> {
  const [a, b] = InMemoryTransport.createLinkedPair();
  await createMcpServer({
    db: h.database.db,
    engine: h.deps.engine,
    principal,
    config: h.deps.config,
    now: () => h.clock.now ?? new Date(),
  }).connect(a);
  const client = new Client({ name: "positive-exit-test", version: "1.0.0" });
  await client.connect(b);
  return client;
}

async function call(name: string, args: Record<string, unknown>) {
  const r = await reader.callTool({ name, arguments: args });
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

/** A contact enrolled in the membership close (on_exit converted: the CS campaign), who replied. */
async function replied(text: string) {
  const { contactId } = await newContact(h.database.db, t.clientId);
  h.clock.now = T0;
  try {
    await enrollContact(h.database.db, t.exec, { campaign: "b2bea_membership_close", contactId }, T0);
    await processReply(h.database.db, t.agt301, { contactId, text, receivedAt: T0 }, T0);
  } finally {
    h.clock.now = null;
  }
  const reply = await h.database.db
    .selectFrom("campaign_replies")
    .select(["id", "enrollment_id"])
    .where("client_id", "=", t.clientId)
    .where("contact_id", "=", contactId)
    .executeTakeFirstOrThrow();
  return { contactId, replyId: reply.id, enrollmentId: reply.enrollment_id as string };
}

const enrollments = (contactId: string) =>
  h.database.db
    .selectFrom("campaign_contacts as e")
    .innerJoin("campaigns as c", (j) =>
      j.onRef("c.client_id", "=", "e.client_id").onRef("c.id", "=", "e.campaign_id"),
    )
    .select(["c.slug", "e.status", "e.exit_reason"])
    .where("e.client_id", "=", t.clientId)
    .where("e.contact_id", "=", contactId)
    .orderBy("e.enrolled_at")
    .execute();

const triage = (replyId: string) =>
  h.database.db
    .selectFrom("campaign_replies")
    .select(["triage", "decision", "decided_by_principal_id"])
    .where("client_id", "=", t.clientId)
    .where("id", "=", replyId)
    .executeTakeFirstOrThrow();

beforeAll(async () => {
  setCampaignPorts({ classifier: fixed });
  h = await testApp();
  t = await createTenant(h.database.db, "pexit");
  other = await createTenant(h.database.db, "pexito");
  await defineSpecCampaigns(h.database.db, t.revops, T0);
  reader = await connect(t.sales);
}, 180_000);
afterAll(async () => {
  setCampaignPorts({});
  await reader?.close();
  await h?.close();
});

describe("a positive exit asked through MCP (issue 71 item 2)", () => {
  it("the agent gets a request; only a person's session approves it, once; the exit runs as theirs", async () => {
    const r = await replied("interested~0.6 what does it cost?");
    const before = await enrollments(r.contactId);
    const asked = await call("decide_reply", {
      reply_id: r.replyId,
      decision: "exit",
      exit_reason: "converted",
    });
    expect(asked.ok).toBe(true);
    expect(asked.body).toMatchObject({
      input_required: true,
      approval_request: {
        kind: "positive_exit",
        status: "pending",
        reply_id: r.replyId,
        exit_reason: "converted",
      },
    });
    const id = asked.body.approval_request.request_id;
    expect(asked.body.approval_request.url).toBe(`${ORIGIN}/approvals/agent/${id}`);
    // nothing ran: the enrollment is as it was, the reply waits
    expect(await enrollments(r.contactId)).toEqual(before);
    expect((await triage(r.replyId)).triage).toBe("pending");
    // asked again: the same request
    const again = await call("decide_reply", {
      reply_id: r.replyId,
      decision: "exit",
      exit_reason: "converted",
    });
    expect(again.body.approval_request.request_id).toBe(id);

    // the forged: the agent's own token, another workspace's person, a made-up id
    const agentTried = await decide(id, "approve", t.sales.auth);
    expect(agentTried.json().error.code).toBe("APPROVAL_NEEDS_PERSON_SESSION");
    const elsewhere = await decide(id, "approve", await session(other.revops));
    expect(elsewhere.statusCode).toBe(404);
    const foreignRead = await h.app.inject({
      method: "GET",
      url: `/api/v1/agent-approvals/${id}`,
      headers: { cookie: (await session(other.revops)).cookie },
    });
    expect(foreignRead.statusCode).toBe(404);
    expect(await enrollments(r.contactId)).toEqual(before);

    // the person reads the reply and what the exit would do, then approves
    const person = await session(t.revops);
    const page = await h.app.inject({
      method: "GET",
      url: `/api/v1/agent-approvals/${id}`,
      headers: { cookie: person.cookie },
    });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({
      request: { kind: "positive_exit", status: "pending" },
      play: null,
      reply: {
        reply_id: r.replyId,
        own_text: expect.stringContaining("what does it cost?"),
        exit_reason: "converted",
      },
    });
    expect(page.json().reply.effect).toMatch(
      /as converted; then .* enrolled in the campaign "b2bea_membership_cs"/,
    );
    const approved = await decide(id, "approve", person);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().request).toMatchObject({
      status: "done",
      outcome: {
        reply_id: r.replyId,
        enrollment_id: r.enrollmentId,
        exit_reason: "converted",
        decided_by: t.revops.principalId,
      },
    });
    const after = await enrollments(r.contactId);
    expect(after).toMatchObject([
      { slug: "b2bea_membership_close", status: "converted" },
      { slug: "b2bea_membership_cs" },
    ]);
    // the decision is the person's (the labelled example)
    expect(await triage(r.replyId)).toEqual({
      triage: "decided",
      decision: "exit",
      decided_by_principal_id: t.revops.principalId,
    });

    // replayed: refused, and nothing runs again
    const replay = await decide(id, "approve", person);
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error.code).toBe("APPROVAL_REQUEST_NOT_PENDING");
    expect(await enrollments(r.contactId)).toEqual(after);
    // the agent polls the outcome
    const polled = await call("get_approval_request", { request_id: id });
    expect(polled.body).toMatchObject({ input_required: false, approval_request: { status: "done" } });
  }, 120_000);

  it("a reply decided before is refused; one decided meanwhile, or an enrollment that moved, runs nothing", async () => {
    const person = await session(t.revops);
    // decided before: no request at all
    const first = await replied("interested~0.6 sounds good");
    expect((await call("decide_reply", { reply_id: first.replyId, decision: "handoff" })).ok).toBe(true);
    const late = await call("decide_reply", {
      reply_id: first.replyId,
      decision: "exit",
      exit_reason: "converted",
    });
    expect(late).toMatchObject({ ok: false, body: { error: { code: "REPLY_ALREADY_DECIDED" } } });

    // decided meanwhile (a person took another decision in the queue)
    const second = await replied("interested~0.7 tell me more");
    const asked = (
      await call("decide_reply", { reply_id: second.replyId, decision: "exit", exit_reason: "meeting" })
    ).body.approval_request.request_id;
    const rejected = await h.app.inject({
      method: "POST",
      url: `/api/v1/replies/triage/${second.replyId}/decide`,
      headers: t.revops.auth,
      payload: { decision: "exit", exit_reason: "rejected" },
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    const settled = await decide(asked, "approve", person);
    expect(settled.json().request).toMatchObject({
      status: "failed",
      outcome: { code: "APPROVAL_ENROLLMENT_MOVED" },
    });
    expect(await enrollments(second.contactId)).toMatchObject([{ status: "rejected" }]);

    // the enrollment moved (a person ended it by hand), the reply still waits
    const third = await replied("interested~0.7 yes please");
    const moved = (
      await call("decide_reply", { reply_id: third.replyId, decision: "exit", exit_reason: "converted" })
    ).body.approval_request.request_id;
    await exitEnrollment(
      h.database.db,
      t.exec,
      { enrollmentId: third.enrollmentId, reason: "disqualified" },
      new Date(),
    );
    const refused = await decide(moved, "approve", person);
    expect(refused.json().request).toMatchObject({
      status: "failed",
      outcome: { code: "APPROVAL_ENROLLMENT_MOVED" },
    });
    expect(await enrollments(third.contactId)).toMatchObject([
      { status: "exited", exit_reason: "disqualified" },
    ]);
    expect((await triage(third.replyId)).triage).toBe("pending");
  }, 120_000);

  it("a request left running (its process stopped mid-action) is settled failed by the sweep; nothing ran", async () => {
    const r = await replied("interested~0.6 ok");
    const before = await enrollments(r.contactId);
    const id = (
      await call("decide_reply", { reply_id: r.replyId, decision: "exit", exit_reason: "converted" })
    ).body.approval_request.request_id;
    // what a crash leaves: taken from pending (running), its action's transaction never committed
    const at = new Date();
    await h.database.db
      .updateTable("agent_approval_requests")
      .set({ status: "running", decided_by: t.revops.principalId, decided_at: at })
      .where("client_id", "=", t.clientId)
      .where("request_id", "=", id)
      .execute();
    expect((await sweepApprovalRequests(h.database.db, new Date(at.getTime() + 1000))).interrupted).toBe(0);
    const swept = await sweepApprovalRequests(
      h.database.db,
      new Date(at.getTime() + APPROVAL_RUNNING_BOUND_MS + 1000),
    );
    expect(swept.interrupted).toBe(1);
    const polled = await call("get_approval_request", { request_id: id });
    expect(polled.body.approval_request).toMatchObject({
      status: "failed",
      outcome: { code: "APPROVAL_ACTION_INTERRUPTED" },
    });
    expect(polled.body.next_action).toMatch(/decide_reply again/);
    expect(await enrollments(r.contactId)).toEqual(before);
    expect((await triage(r.replyId)).triage).toBe("pending");
    // a person's late approval finds it settled
    const late = await decide(id, "approve", await session(t.revops));
    expect(late.json().error).toMatchObject({
      code: "APPROVAL_REQUEST_NOT_PENDING",
      facts: { status: "failed" },
    });
  }, 120_000);
});
