// Issue 73 item 1: books that no path crosses. Under 'own', the sales leader of another team (slm2,
// team B's manager) neither lists nor resolves the coordinator's flags about team A's prospects or
// team A's rep (HTTP and MCP), previews and test-sends a step of the campaign given to team B only
// for team B's prospects, and an opt-out by id of team A's prospect answers what an id of no
// prospect answers, while the opt-out is recorded. Each refusal stands beside the allowed call.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool } from "../../src/agents/mcp/call-tool.ts";
import type { ToolContext } from "../../src/agents/mcp/tool.ts";
import { batonTools } from "../../src/agents/mcp/tools.ts";
import type { Principal } from "../../src/auth/principal.ts";
import { notify, type Recipient } from "../../src/notifications/notify.ts";
import { T0, twoStepCampaign } from "../campaigns/helpers.ts";
import { callAs, type TestApp, testApp } from "../support/app.ts";
import { type BookWorld, createBookWorld, setBookScope, teamBoundAgentToken } from "../support/books.ts";

let h: TestApp;
let w: BookWorld;
let call: ReturnType<typeof callAs>;
let stallA: string;
let backlogA: string;
let stallB: string;
/** notifications: to every rep about team A's prospect and about team B's, to every sales leader
 * about team A's rep's backlog, to a team B-bound agent's id about team A's and team B's prospects */
const notes: Record<"repA" | "repB" | "slmA" | "agentA" | "agentB", number> = {
  repA: 0,
  repB: 0,
  slmA: 0,
  agentA: 0,
  agentB: 0,
};
let boundB: { authorization: string };

const db = () => h.database.db;
const tool = (p: Principal, name: string, args: Record<string, unknown>) => {
  const ctx: ToolContext = {
    db: db(),
    engine: () => h.deps.engine(),
    principal: { ...p },
    config: h.deps.config,
    now: () => T0,
  };
  return callTool(batonTools, ctx, name, args, { idempotencyWaitMs: 30_000 });
};

async function flag(type: string, contactId: string | null, principalId: string): Promise<string> {
  const r = await sql<{ flag_id: string }>`
    insert into coordinator_flags (client_id, flag_type, dedup_key, contact_id, principal_id, details, raised_at)
    values (${w.t.clientId}, ${type}, ${`${type}:${contactId}:${principalId}`}, ${contactId}::uuid,
            ${principalId}::uuid, '{}'::jsonb, ${T0})
    returning flag_id`.execute(db());
  return r.rows[0]!.flag_id;
}

const status = async (flagId: string) =>
  (
    await db()
      .selectFrom("coordinator_flags")
      .select("status")
      .where("client_id", "=", w.t.clientId)
      .where("flag_id", "=", flagId)
      .executeTakeFirstOrThrow()
  ).status;

beforeAll(async () => {
  h = await testApp();
  h.clock.now = T0;
  call = callAs(h);
  w = await createBookWorld(db(), "bkflag");
  await db()
    .insertInto("team_members")
    .values({
      client_id: w.t.clientId,
      team_id: w.teamB,
      principal_id: w.t.slm2.principalId,
      role: "manager",
    })
    .execute();
  stallA = await flag("stall", w.contacts.a, w.t.rep.principalId);
  backlogA = await flag("backlog_risk", null, w.t.rep.principalId);
  stallB = await flag("stall", w.contacts.b, w.repB.principalId);
  const note = async (kind: string, recipient: Recipient, payload: Record<string, unknown>) =>
    (await notify(db(), { clientId: w.t.clientId, kind, recipient, payload, now: T0 })).notificationId;
  notes.repA = await note("flag.stall", { role: "rep" }, { contact_id: w.contacts.a, flag_id: stallA });
  notes.repB = await note("flag.stall", { role: "rep" }, { contact_id: w.contacts.b, flag_id: stallB });
  notes.slmA = await note(
    "flag.backlog_risk",
    { role: "slm" },
    { contact_id: null, principal_id: w.t.rep.principalId, flag_id: backlogA },
  );
  notes.agentA = await note("flag.stall_escalated", { agentId: "AGT-621" }, { contact_id: w.contacts.a });
  notes.agentB = await note("flag.stall_escalated", { agentId: "AGT-621" }, { contact_id: w.contacts.b });
  boundB = {
    authorization: `Bearer ${await teamBoundAgentToken(db(), w.t.clientId, w.teamB, "AGT-621")}`,
  };
  const campaign = await call("POST", "/api/v1/campaigns", w.t.revops.auth, {
    ...twoStepCampaign("team_b_steps", "nurture", {}),
    team_id: w.teamB,
  });
  expect(campaign.statusCode, campaign.body).toBe(201);
}, 60_000);
afterAll(() => h.close());

/** A value with every uuid as <id>: two answers that differ only in the id asked for are equal. */
const maskIds = (x: unknown) => JSON.stringify(x).replaceAll(/[0-9a-f]{8}-[0-9a-f-]{27}/g, "<id>");
/** An HTTP answer's body without its request id, ids masked. */
const masked = (r: { json(): any }) => {
  const { request_id: _id, ...rest } = r.json();
  return maskIds(rest);
};

const flagIds = (r: { json(): { items: { flag_id: string }[] } }) =>
  r
    .json()
    .items.map((f) => f.flag_id)
    .sort();

describe("books: the coordinator's flags", () => {
  it("another team's sales leader lists only their book's flags; team A's manager lists team A's", async () => {
    const other = await call("GET", "/api/v1/flags", w.t.slm2.auth);
    expect(other.statusCode).toBe(200);
    expect(flagIds(other)).toEqual([stallB]);
    expect(other.body).not.toContain(w.contacts.a);
    const own = await call("GET", "/api/v1/flags", w.t.slm.auth);
    expect(flagIds(own)).toEqual([stallA, backlogA].sort());
    const byContact = await call("GET", `/api/v1/flags?contact_id=${w.contacts.a}`, w.t.slm2.auth);
    expect(flagIds(byContact)).toEqual([]);
    const rep = await call("GET", "/api/v1/flags", w.repB.auth);
    expect(flagIds(rep)).toEqual([stallB]);
    const mcp = await tool(w.t.slm2, "list_flags", {});
    expect(JSON.stringify(mcp.structuredContent)).not.toContain(stallA);
    expect(JSON.stringify(mcp.structuredContent)).toContain(stallB);
  });

  it("another team's sales leader resolves neither of team A's flags (404, left open); team A's manager does", async () => {
    const none = await call("POST", `/api/v1/flags/${crypto.randomUUID()}/resolve`, w.t.slm2.auth, {});
    for (const id of [stallA, backlogA]) {
      const r = await call("POST", `/api/v1/flags/${id}/resolve`, w.t.slm2.auth, { note: "not mine" });
      expect(r.statusCode, r.body).toBe(404);
      expect(r.json().error.code).toBe("NOT_FOUND");
      // the answer of a flag that does not exist: the id tells nothing
      expect(masked(r)).toBe(masked(none));
      const m = await tool(w.t.slm2, "resolve_flag", { flag_id: id });
      expect(m.isError).toBe(true);
      expect(await status(id)).toBe("open");
    }
    const mine = await call("POST", `/api/v1/flags/${stallB}/resolve`, w.t.slm2.auth, { note: "on it" });
    expect(mine.statusCode, mine.body).toBe(200);
    const theirs = await call("POST", `/api/v1/flags/${stallA}/resolve`, w.t.slm.auth, {});
    expect(theirs.statusCode, theirs.body).toBe(200);
  });

  it("'tenant' opens every flag again", async () => {
    await setBookScope(db(), w.t.clientId, "tenant");
    try {
      const r = await call("GET", "/api/v1/flags", w.t.slm2.auth);
      expect(flagIds(r)).toEqual([stallA, backlogA, stallB].sort());
    } finally {
      await setBookScope(db(), w.t.clientId, "own");
    }
  });
});

describe("books: the notifications (issue 73 item 1: the flags' and the coordinator's notices)", () => {
  const noteIds = (r: { json(): { items: { notification_id: number }[] } }) =>
    r
      .json()
      .items.map((n) => n.notification_id)
      .sort((x, y) => x - y);
  const sorted = (...ns: number[]) => ns.sort((x, y) => x - y);

  it("every rep's notice about team A's prospect: team B's rep does not read it, team A's rep does", async () => {
    const other = await call("GET", "/api/v1/notifications", w.repB.auth);
    expect(other.statusCode, other.body).toBe(200);
    expect(noteIds(other)).toEqual([notes.repB]);
    expect(other.body).not.toContain(w.contacts.a);
    const own = await call("GET", "/api/v1/notifications", w.t.rep.auth);
    expect(noteIds(own)).toEqual([notes.repA]);
    const mcp = await tool(w.repB, "list_notifications", {});
    expect(JSON.stringify(mcp.structuredContent)).not.toContain(w.contacts.a);
    expect(JSON.stringify(mcp.structuredContent)).toContain(w.contacts.b);
  });

  it("every sales leader's notice about team A's rep's backlog: team B's manager does not read it, team A's does", async () => {
    const other = await call("GET", "/api/v1/notifications", w.t.slm2.auth);
    expect(noteIds(other)).toEqual([]);
    expect(other.body).not.toContain(w.t.rep.principalId);
    const own = await call("GET", "/api/v1/notifications", w.t.slm.auth);
    expect(noteIds(own)).toEqual([notes.slmA]);
  });

  it("an agent bound to team B reads its notices about team B's prospects, not team A's", async () => {
    const r = await call("GET", "/api/v1/notifications", boundB);
    expect(r.statusCode, r.body).toBe(200);
    expect(noteIds(r)).toEqual([notes.agentB]);
    expect(r.body).not.toContain(w.contacts.a);
  });

  it("'tenant' and RevOps read every notice, as before books", async () => {
    const all = await call("GET", "/api/v1/notifications", w.t.revops.auth);
    expect(noteIds(all)).toEqual(sorted(notes.repA, notes.repB, notes.slmA, notes.agentA, notes.agentB));
    await setBookScope(db(), w.t.clientId, "tenant");
    try {
      const r = await call("GET", "/api/v1/notifications", w.repB.auth);
      expect(noteIds(r)).toEqual(sorted(notes.repA, notes.repB));
      const s = await call("GET", "/api/v1/notifications", w.t.slm2.auth);
      expect(noteIds(s)).toEqual([notes.slmA]);
    } finally {
      await setBookScope(db(), w.t.clientId, "own");
    }
  });
});

describe("books: the step editor's preview and test send", () => {
  const edited = (contactId: string) => ({
    campaign: { slug: "team_b_steps", name: "Team B steps", type: "t" },
    step: {
      step_number: 1,
      delay_days: 0,
      channel: "email",
      content_type: "intro",
      template_instructions: "Say hello",
      subject_template: "Hello {{first_name}}",
      body_template: "Hi {{first_name}}, a note for {{company}}.",
    },
    contact_id: contactId,
  });

  for (const url of ["/api/v1/campaigns/preview-step", "/api/v1/campaigns/test-send"]) {
    it(`${url}: team B's manager renders team B's prospect, and team A's is not found`, async () => {
      const own = await call("POST", url, w.t.slm2.auth, edited(w.contacts.b));
      expect(own.statusCode, own.body).toBe(200);
      expect(own.body).toContain("Bea");
      const other = await call("POST", url, w.t.slm2.auth, edited(w.contacts.a));
      expect(other.statusCode, other.body).toBe(404);
      expect(other.body).not.toContain("Ann");
      expect(other.body).not.toContain(w.emails.a);
      // word for word the answer for a prospect that does not exist, but the id
      const none = await call("POST", url, w.t.slm2.auth, edited(crypto.randomUUID()));
      expect(masked(other)).toBe(masked(none));
      // the saved step's own preview answers the same
      const saved = await call(
        "GET",
        `/api/v1/campaigns/team_b_steps/steps/1/preview?contact_id=${w.contacts.a}`,
        w.t.slm2.auth,
      );
      expect(saved.statusCode).toBe(404);
    });
  }
});

describe("books: opt-out by id", () => {
  const optedOut = async (contactId: string) =>
    (
      await db()
        .selectFrom("contacts")
        .select("opt_out_flag")
        .where("client_id", "=", w.t.clientId)
        .where("contact_id", "=", contactId)
        .executeTakeFirstOrThrow()
    ).opt_out_flag;

  it("another book's prospect answers as no prospect does, and is opted out all the same", async () => {
    const none = await call("POST", `/api/v1/contacts/${crypto.randomUUID()}/opt-out`, w.repB.auth, {});
    expect(none.statusCode).toBe(404);
    const other = await call("POST", `/api/v1/contacts/${w.contacts.a}/opt-out`, w.repB.auth, {});
    expect(other.statusCode).toBe(404);
    expect(masked(other)).toBe(masked(none));
    expect(await optedOut(w.contacts.a)).toBe(true);
    const m = await tool(w.repB, "opt_out_contact", { contact_id: w.contacts.mgr });
    expect(m.isError).toBe(true);
    // over MCP too, the answer is the one an id of no prospect gets, word for word but the id
    const mNone = await tool(w.repB, "opt_out_contact", { contact_id: crypto.randomUUID() });
    expect(maskIds(m)).toBe(maskIds(mNone));
    expect(await optedOut(w.contacts.mgr)).toBe(true);
  });

  it("the caller's own prospect answers 200 with what ended", async () => {
    const own = await call("POST", `/api/v1/contacts/${w.contacts.b}/opt-out`, w.repB.auth, {});
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ already_opted_out: false });
  });
});
