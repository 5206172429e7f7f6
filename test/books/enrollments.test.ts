// Books (issue 61 item 2) over enrollments and hand-offs: under the setting 'own', a rep of team B
// neither reads nor works the enrollments and hand-offs of team A's prospect (404, nothing written),
// over the API and MCP; team A's rep does, its manager reads them, RevOps and the exec reach the
// workspace, an agent token bound to team B is refused team A's prospect, and 'tenant' opens all.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool } from "../../src/agents/mcp/call-tool.ts";
import type { ToolContext } from "../../src/agents/mcp/tool.ts";
import { batonTools } from "../../src/agents/mcp/tools.ts";
import { createPrincipal } from "../../src/auth/create-principal.ts";
import type { Principal } from "../../src/auth/principal.ts";
import { authenticate, issueToken } from "../../src/auth/tokens.ts";
import { defineSpecCampaigns, T0 } from "../campaigns/helpers.ts";
import { callAs, type TestApp, testApp } from "../support/app.ts";
import { type BookWorld, createBookWorld, setBookScope } from "../support/books.ts";
import type { TestPrincipal } from "../support/tenant.ts";

let h: TestApp;
let w: BookWorld;
let call: ReturnType<typeof callAs>;
/** contact a's (team A's) live enrollment in b2bea_world, and its hand-off at the exec gate */
let enrollmentA: string;
let handoffA: string;

beforeAll(async () => {
  h = await testApp();
  h.clock.now = T0;
  call = callAs(h);
  w = await createBookWorld(h.database.db, "bkenr");
  await defineSpecCampaigns(h.database.db, w.t.revops, T0);
  // team A's rep works its prospect: a sales enrollment ending in a meeting opens a hand-off, then
  // a marketing enrollment stays live
  const sales = await call("POST", "/api/v1/campaigns/b2bea_membership/enrollments", w.t.rep.auth, {
    contact_id: w.contacts.a,
  });
  expect(sales.statusCode).toBe(201);
  const exit = await call("POST", `/api/v1/enrollments/${sales.json().enrollment_id}/exit`, w.t.rep.auth, {
    reason: "meeting",
  });
  expect(exit.json().next).toMatchObject({ kind: "handoff" });
  handoffA = exit.json().next.handoff_id;
  const world = await call("POST", "/api/v1/campaigns/b2bea_world/enrollments", w.t.rep.auth, {
    contact_id: w.contacts.a,
  });
  expect(world.json().outcome).toBe("enrolled");
  enrollmentA = world.json().enrollment_id;
}, 60_000);
afterAll(() => h.close());

const db = () => h.database.db;
/** what is written about a prospect: its enrollments and its events */
const footprint = async (contactId: string) => {
  const [e, ev] = await Promise.all([
    db()
      .selectFrom("campaign_contacts")
      .select(["id", "status", "paused_until", "updated_at"])
      .where("client_id", "=", w.t.clientId)
      .where("contact_id", "=", contactId)
      .orderBy("id")
      .execute(),
    db()
      .selectFrom("cadence_event_log")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("client_id", "=", w.t.clientId)
      .where("contact_id", "=", contactId)
      .executeTakeFirstOrThrow(),
  ]);
  return { enrollments: e, events: ev.n };
};
const ids = (r: { json(): { items: { id: string }[] } }) => r.json().items.map((x) => x.id);
const config = () => h.deps.config;
/** an MCP tool call as the server makes it (a fresh principal object: its book is read again) */
const tool = (p: Principal, name: string, args: Record<string, unknown>) => {
  const ctx: ToolContext = {
    db: db(),
    engine: () => h.deps.engine(),
    principal: { ...p },
    config: config(),
    now: () => T0,
  };
  return callTool(batonTools, ctx, name, args, { idempotencyWaitMs: 30_000 });
};
const refusal = (r: Awaited<ReturnType<typeof tool>>) =>
  r.isError ? (r.structuredContent as { error: { code: string; status: number } }).error : null;

describe("books: enrollments", () => {
  it("a rep of another team enrolls none of team A's prospects, alone or in bulk; nothing is written", async () => {
    const before = await footprint(w.contacts.a);
    const one = await call("POST", "/api/v1/campaigns/b2bea_membership_close/enrollments", w.repB.auth, {
      contact_id: w.contacts.a,
    });
    expect(one.statusCode).toBe(404);
    expect(one.json().error?.code).toBe("ENROLL_CONTACT_NOT_FOUND"); // as another workspace's contact
    const bulk = await call(
      "POST",
      "/api/v1/campaigns/b2bea_membership_close/enrollments/bulk",
      w.repB.auth,
      {
        contacts: [
          { contact_id: w.contacts.a },
          { contact_id: w.contacts.b },
          { contact_id: w.contacts.none },
        ],
      },
    );
    expect(bulk.statusCode).toBe(200);
    expect(bulk.json().results.map((r: any) => [r.ok, r.error?.code ?? r.result.outcome])).toEqual([
      [false, "ENROLL_CONTACT_NOT_FOUND"],
      [true, "enrolled"], // repB's own
      [false, "ENROLL_CONTACT_NOT_FOUND"], // no owner: only the workspace-wide roles reach it
    ]);
    const mcp = await tool(w.repB, "request_enrollment", {
      campaign: "b2bea_membership_close",
      contact_id: w.contacts.a,
    });
    expect(refusal(mcp)?.code).toBe("ENROLL_CONTACT_NOT_FOUND");
    const act = await call("POST", "/api/v1/coordinator/activations", w.repB.auth, {
      contact_id: w.contacts.a,
      campaign: "b2bea_membership_close",
    });
    expect([act.statusCode, act.json().error?.code]).toEqual([404, "NOT_FOUND"]);
    expect(
      refusal(await tool(w.repB, "request_activation", { contact_id: w.contacts.a, campaign: "dreamborn" }))
        ?.code,
    ).toBe("NOT_FOUND");
    expect(await footprint(w.contacts.a)).toEqual(before);
  });

  it("the owner's rep and RevOps enroll; the workspace-wide roles reach a prospect no one owns", async () => {
    const mine = await tool(w.t.rep, "request_enrollment", {
      campaign: "b2bea_membership_close",
      contact_id: w.contacts.a,
    });
    expect(mine.isError).toBeFalsy();
    const none = await call("POST", "/api/v1/campaigns/b2bea_world/enrollments", w.t.revops.auth, {
      contact_id: w.contacts.none,
    });
    expect(none.statusCode).toBe(201);
    const act = await call("POST", "/api/v1/coordinator/activations", w.t.rep.auth, {
      contact_id: w.contacts.mgr,
      campaign: "b2bea_world",
    });
    expect(act.statusCode).toBe(404); // 'own': the manager's prospect is not the member's
  });

  it("an enrollment outside the book is not found, read or written, over the API and MCP", async () => {
    const before = await footprint(w.contacts.a);
    const get = await call("GET", `/api/v1/enrollments/${enrollmentA}`, w.repB.auth);
    expect([get.statusCode, get.json().error?.code]).toEqual([404, "ENROLLMENT_NOT_FOUND"]);
    for (const [what, body] of [
      ["exit", { reason: "rejected" }],
      ["pause", { reason: "not mine" }],
      ["resume", { reason: "not mine" }],
    ] as const) {
      const r = await call("POST", `/api/v1/enrollments/${enrollmentA}/${what}`, w.repB.auth, body);
      expect([what, r.statusCode, r.json().error?.code]).toEqual([what, 404, "ENROLLMENT_NOT_FOUND"]);
    }
    for (const [name, args] of [
      ["get_enrollment", {}],
      ["exit_enrollment", { reason: "rejected" }],
      ["pause_enrollment", { reason: "not mine" }],
      ["resume_enrollment", { reason: "not mine" }],
    ] as const) {
      const r = await tool(w.repB, name, { enrollment_id: enrollmentA, ...args });
      expect([name, refusal(r)?.code]).toEqual([name, "ENROLLMENT_NOT_FOUND"]);
    }
    expect(await footprint(w.contacts.a)).toEqual(before);

    const list = (p: TestPrincipal) => call("GET", "/api/v1/campaigns/b2bea_world/enrollments", p.auth);
    const listed = await list(w.repB);
    expect(listed.statusCode).toBe(200);
    expect(ids(listed)).not.toContain(enrollmentA);
    expect(listed.json().items.every((x: any) => x.contact_id === w.contacts.b)).toBe(true);
    const mcpList = await tool(w.repB, "list_enrollments", { contact_id: w.contacts.a });
    expect((mcpList.structuredContent as any).items).toEqual([]);
    for (const p of [w.t.rep, w.t.slm, w.t.revops]) expect(ids(await list(p))).toContain(enrollmentA);

    // the owner and the team's manager read it; the owner pauses and resumes it
    for (const p of [w.t.rep, w.t.slm, w.t.revops])
      expect((await call("GET", `/api/v1/enrollments/${enrollmentA}`, p.auth)).statusCode).toBe(200);
    expect((await tool(w.t.slm, "get_enrollment", { enrollment_id: enrollmentA })).isError).toBeFalsy();
    const pause = await call("POST", `/api/v1/enrollments/${enrollmentA}/pause`, w.t.rep.auth, {
      reason: "leave",
    });
    expect(pause.json().status).toBe("paused");
    const resume = await tool(w.t.rep, "resume_enrollment", { enrollment_id: enrollmentA, reason: "back" });
    expect(resume.isError).toBeFalsy();
  });

  it("the coordinator's and the workspace's previews answer a prospect outside the book as unknown", async () => {
    const body = { contact_id: w.contacts.a, campaign: "b2bea_membership_close" };
    const other = await call("POST", "/api/v1/coordinator/preview", w.repB.auth, body);
    expect([other.statusCode, other.json().error?.code]).toEqual([404, "NOT_FOUND"]);
    expect(refusal(await tool(w.repB, "preview_decision", body))?.code).toBe("NOT_FOUND");
    for (const p of [w.t.rep, w.t.slm, w.t.exec])
      expect((await call("POST", "/api/v1/coordinator/preview", p.auth, body)).statusCode).toBe(200);

    const contacts = [{ contact_id: w.contacts.a }, { email: w.emails.b }, { email: w.emails.mgr }];
    const preview = async (p: TestPrincipal) => {
      const r = await call("POST", "/api/v1/workspace/campaigns/b2bea_world/preview", p.auth, { contacts });
      expect(r.statusCode).toBe(200);
      return r.json().items.map((x: any) => x.contact_id);
    };
    expect(await preview(w.repB)).toEqual([null, w.contacts.b, null]);
    expect(await preview(w.t.slm)).toEqual([w.contacts.a, null, w.contacts.mgr]);
    expect(await preview(w.t.revops)).toEqual([w.contacts.a, w.contacts.b, w.contacts.mgr]);
  });
});

describe("books: hand-offs", () => {
  it("a hand-off of a prospect outside the book is neither listed nor read; the exec routes any", async () => {
    const list = (p: TestPrincipal) => call("GET", "/api/v1/handoffs?status=open", p.auth);
    expect(ids(await list(w.repB))).not.toContain(handoffA);
    expect(ids(await list(w.t.rep))).toContain(handoffA);
    expect(ids(await list(w.t.slm))).toContain(handoffA);
    const get = await call("GET", `/api/v1/handoffs/${handoffA}`, w.repB.auth);
    expect([get.statusCode, get.json().error?.code]).toEqual([404, "HANDOFF_NOT_FOUND"]);
    const mcpList = await tool(w.repB, "list_handoffs", { status: "open" });
    expect((mcpList.structuredContent as any).items.map((x: any) => x.id)).not.toContain(handoffA);
    expect(refusal(await tool(w.repB, "get_handoff", { handoff_id: handoffA }))?.code).toBe(
      "HANDOFF_NOT_FOUND",
    );
    expect((await call("GET", `/api/v1/handoffs/${handoffA}`, w.t.slm.auth)).statusCode).toBe(200);

    const routed = await call("POST", `/api/v1/handoffs/${handoffA}/route`, w.t.exec.auth, { campaigns: [] });
    expect(routed.statusCode).toBe(200);
    expect(routed.json().handoff.status).toBe("closed");
  });
});

describe("books: an agent token bound to a team", () => {
  it("is refused a prospect outside its team, over the API and MCP, and works its team's", async () => {
    const agent = await createPrincipal(db(), {
      clientId: w.t.clientId,
      displayName: "Team B agent",
      agentId: "AGT-778",
    });
    const token = await issueToken(db(), w.t.clientId, agent.principalId, "team-b");
    await sql`update api_tokens set book_team_id = ${w.teamB}::uuid
               where client_id = ${w.t.clientId} and label = 'team-b'`.execute(db());
    const auth = { authorization: `Bearer ${token}` };
    const bound = await authenticate(db(), token);
    const before = await footprint(w.contacts.a);
    const r = await call("POST", "/api/v1/campaigns/dreamborn/enrollments", auth, {
      contact_id: w.contacts.a,
    });
    expect([r.statusCode, r.json().error?.code]).toEqual([404, "ENROLL_CONTACT_NOT_FOUND"]);
    const mcp = await tool(bound, "request_enrollment", { campaign: "dreamborn", contact_id: w.contacts.a });
    expect(refusal(mcp)?.code).toBe("ENROLL_CONTACT_NOT_FOUND");
    const act = await call("POST", "/api/v1/coordinator/activations", auth, {
      contact_id: w.contacts.a,
      campaign: "dreamborn",
    });
    expect(act.statusCode).toBe(404);
    const gate = await call("POST", "/api/v1/coordinator/steps", auth, { enrollment_id: enrollmentA });
    expect(gate.statusCode).toBe(404);
    expect(
      refusal(await tool(bound, "exit_enrollment", { enrollment_id: enrollmentA, reason: "rejected" }))?.code,
    ).toBe("ENROLLMENT_NOT_FOUND");
    expect(await footprint(w.contacts.a)).toEqual(before);

    const ok = await call("POST", "/api/v1/campaigns/b2bea_world/enrollments", auth, {
      contact_id: w.contacts.b,
    });
    expect(ok.statusCode).toBe(201);
    expect((await call("GET", `/api/v1/enrollments/${ok.json().enrollment_id}`, auth)).statusCode).toBe(200);
  });
});

describe("books: the setting 'tenant'", () => {
  it("opens every enrollment and hand-off to every rep, as before books", async () => {
    await setBookScope(db(), w.t.clientId, "tenant");
    try {
      expect((await call("GET", `/api/v1/enrollments/${enrollmentA}`, w.repB.auth)).statusCode).toBe(200);
      expect((await call("GET", `/api/v1/handoffs/${handoffA}`, w.repB.auth)).statusCode).toBe(200);
      const r = await call("POST", "/api/v1/campaigns/b2bea_world/enrollments", w.repB.auth, {
        contact_id: w.contacts.mgr,
      });
      expect(r.statusCode).toBe(201);
    } finally {
      await setBookScope(db(), w.t.clientId, "own");
    }
  });
});
