// Books on the prospects and what shows them (issue 61 item 2): the contact search and the prospect
// page, its timeline, enrollments and meetings, the event log, the labelled replies' export and the
// accounts' contact counts. As repB (team B) Ann (t.rep's, team A) is absent from every list and a
// 404 by id; as t.rep and the manager t.slm she is there; RevOps sees all. The same through MCP, for
// a person and for an agent token bound to team B. With the setting 'tenant' nothing is filtered.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMcpServer } from "../../src/agents/mcp/server.ts";
import { createPrincipal } from "../../src/auth/create-principal.ts";
import type { Principal } from "../../src/auth/principal.ts";
import { authenticate, issueToken } from "../../src/auth/tokens.ts";
import { loadConfig } from "../../src/config/config.ts";
import { buildEngine } from "../../src/runtime/engine.ts";
import { defineSpecCampaigns, T0 } from "../campaigns/helpers.ts";
import { call, refused } from "../mcp/role-jobs.ts";
import { callAs, type TestApp, testApp } from "../support/app.ts";
import { type BookWorld, createBookWorld, setBookScope } from "../support/books.ts";

let h: TestApp;
let w: BookWorld;
let get: (url: string, auth: { authorization: string }) => ReturnType<ReturnType<typeof callAs>>;
const clients: Client[] = [];
const config = { ...loadConfig({}), demo: false, runEngine: false };

async function mcpAs(principal: Principal): Promise<Client> {
  const [a, b] = InMemoryTransport.createLinkedPair();
  await createMcpServer({
    db: h.deps.db,
    engine: () => buildEngine(h.database, config),
    principal,
    config,
    now: () => new Date(),
  }).connect(a);
  const client = new Client({ name: "books-prospects", version: "1.0.0" });
  await client.connect(b);
  await client.listTools();
  clients.push(client);
  return client;
}

/** An event, a meeting, an enrollment and a decided reply for each of a, b and mgr; one event of no one. */
async function seed() {
  const db = h.deps.db;
  const { t, contacts } = w;
  await defineSpecCampaigns(db, t.revops, T0);
  const campaign = await db
    .selectFrom("campaigns")
    .select("id")
    .where("client_id", "=", t.clientId)
    .orderBy("slug")
    .executeTakeFirstOrThrow();
  const mine = [contacts.a, contacts.b, contacts.mgr];
  await db
    .insertInto("cadence_event_log")
    .values([
      ...mine.map((contact_id) => ({
        client_id: t.clientId,
        contact_id,
        occurred_at: T0,
        event_type: "touch",
        sequence_type: "sales" as const,
        details: "{}",
      })),
      {
        client_id: t.clientId,
        contact_id: null,
        occurred_at: T0,
        event_type: "settings_changed",
        details: "{}",
      },
    ])
    .execute();
  for (const [i, contact_id] of mine.entries()) {
    await db
      .insertInto("meetings")
      .values({
        client_id: t.clientId,
        contact_id,
        provider: "calendly",
        provider_event_id: `ev-${i}`,
        status: "booked",
        invitee_email: `m${i}@example.org`,
        booked_at: T0,
      })
      .execute();
    const e = await db
      .insertInto("campaign_contacts")
      .values({ client_id: t.clientId, contact_id, campaign_id: campaign.id, sequence_type: "sales" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("campaign_replies")
      .values({
        client_id: t.clientId,
        contact_id,
        enrollment_id: e.id,
        message_id: `<r-${i}@example.org>`,
        received_at: T0,
        body: `reply of ${contact_id}`,
        intent: "other",
        confidence: 0.9,
        classified_by: "rules",
        action: "held",
        triage: "decided",
        decision: "continue",
        decided_intent: "other",
        decided_by_principal_id: t.revops.principalId,
        decided_at: T0,
      })
      .execute();
  }
}

beforeAll(async () => {
  h = await testApp();
  w = await createBookWorld(h.deps.db, "bkp");
  get = (url, auth) => callAs(h)("GET", url, auth);
  await seed();
}, 120_000);
afterAll(async () => {
  for (const c of clients) await c.close();
  await h?.close();
});

const names = (items: { contact_id: string | null }[]) => {
  const back = Object.fromEntries(Object.entries(w.contacts).map(([k, id]) => [id, k]));
  return items.map((i) => (i.contact_id ? back[i.contact_id] : "-")).sort();
};

async function search(auth: { authorization: string }, q = "") {
  const r = await get(`/api/v1/workspace/contacts${q}`, auth);
  expect(r.statusCode, r.body).toBe(200);
  return names(r.json().items);
}

async function events(auth: { authorization: string }, q = "") {
  const r = await get(`/api/v1/events${q}`, auth);
  expect(r.statusCode, r.body).toBe(200);
  return names(r.json().items);
}

describe("books: prospects in the API", () => {
  it("the contact search lists the book only, whoever asks", async () => {
    const { t, repB } = w;
    expect(await search(repB.auth)).toEqual(["b"]);
    expect(await search(repB.auth, "?q=ann")).toEqual([]);
    expect(await search(t.rep.auth)).toEqual(["a"]);
    expect(await search(t.slm.auth)).toEqual(["a", "mgr"]);
    expect(await search(t.revops.auth)).toEqual(["a", "b", "mgr", "none"]);
    expect(await search(t.exec.auth, "?q=ann")).toEqual(["a"]);
  });

  it("the prospect page, its timeline, enrollments and meetings: 404 or empty outside the book", async () => {
    const { t, repB, contacts } = w;
    const a = contacts.a;
    for (const url of [`/api/v1/workspace/contacts/${a}`, `/api/v1/contacts/${a}/timeline`]) {
      const r = await get(url, repB.auth);
      expect(r.statusCode, url).toBe(404);
      expect(r.json().error.code).toBe("NOT_FOUND");
      for (const p of [t.rep, t.slm, t.revops]) expect((await get(url, p.auth)).statusCode, url).toBe(200);
    }
    for (const url of [`/api/v1/contacts/${a}/enrollments`, `/api/v1/contacts/${a}/meetings`]) {
      const r = await get(url, repB.auth);
      expect(r.statusCode, url).toBe(200);
      expect(r.json().items, url).toEqual([]);
      for (const p of [t.rep, t.slm, t.revops])
        expect((await get(url, p.auth)).json().items, url).toHaveLength(1);
    }
    const own = await get(`/api/v1/contacts/${contacts.b}/timeline`, repB.auth);
    expect(own.json().items.map((e: { event_type: string }) => e.event_type)).toEqual(["touch"]);
  });

  it("the event log holds the book's events and those of no prospect", async () => {
    const { t, repB, contacts } = w;
    expect(await events(repB.auth)).toEqual(["-", "b"]);
    expect(await events(repB.auth, `?contact_id=${contacts.a}`)).toEqual([]);
    expect(await events(t.rep.auth)).toEqual(["-", "a"]);
    expect(await events(t.slm.auth)).toEqual(["-", "a", "mgr"]);
    expect(await events(t.revops.auth)).toEqual(["-", "a", "b", "mgr"]);
  });

  it("the labelled replies' export holds the reader's book", async () => {
    const { t } = w;
    const rows = async (auth: { authorization: string }) => {
      const r = await get("/api/v1/replies/examples.jsonl", auth);
      expect(r.statusCode, r.body).toBe(200);
      const bodies = r.body
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).text as string);
      return names(bodies.map((b) => ({ contact_id: b.replace("reply of ", "") })));
    };
    expect(await rows(t.slm.auth)).toEqual(["a", "mgr"]); // a sales leader under 'own': the team's
    expect(await rows(t.revops.auth)).toEqual(["a", "b", "mgr"]);
    // the agreement rate is an aggregate: every decided reply
    const agree = await get("/api/v1/learning/reply-agreement", t.slm.auth);
    expect(agree.json().overall.decided).toBe(3);
  });

  it("with the setting 'tenant' nothing is filtered", async () => {
    const { t, repB, contacts } = w;
    await setBookScope(h.deps.db, t.clientId, "tenant");
    try {
      expect(await search(repB.auth)).toEqual(["a", "b", "mgr", "none"]);
      expect((await get(`/api/v1/contacts/${contacts.a}/timeline`, repB.auth)).statusCode).toBe(200);
      expect(await events(repB.auth)).toEqual(["-", "a", "b", "mgr"]);
      expect((await get(`/api/v1/contacts/${contacts.a}/enrollments`, repB.auth)).json().items).toHaveLength(
        1,
      );
    } finally {
      await setBookScope(h.deps.db, t.clientId, "own");
    }
  });
});

describe("books: prospects over MCP", () => {
  it("a person's tools read their book: find_contacts, prospect_timeline, query_events, find_accounts", async () => {
    const { t, repB, contacts } = w;
    const mcpB = await mcpAs(repB);
    expect(names((await call(mcpB, "find_contacts", {})).items)).toEqual(["b"]);
    await refused(mcpB, "prospect_timeline", { contact_id: contacts.a }, "NOT_FOUND");
    expect(names((await call(mcpB, "query_events", {})).items)).toEqual(["-", "b"]);
    // every account is found; its count is of the contacts in the book
    const counts = async (c: Client) =>
      Object.fromEntries(
        (await call(c, "find_accounts", { q: "ann" })).items.map((x: { name: string; contacts: number }) => [
          x.name,
          x.contacts,
        ]),
      );
    expect(await counts(mcpB)).toEqual({ "Ann Abbott Co": 0 });
    expect(await counts(await mcpAs(t.rep))).toEqual({ "Ann Abbott Co": 1 });
    const mcpRep = await mcpAs(t.rep);
    expect((await call(mcpRep, "prospect_timeline", { contact_id: contacts.a })).items).toHaveLength(1);
  });

  it("an agent's token bound to team B reads team B's prospects only", async () => {
    const { t, contacts } = w;
    const db = h.deps.db;
    const agent = await createPrincipal(db, {
      clientId: t.clientId,
      displayName: "Bound",
      agentId: "AGT-778",
    });
    const token = await issueToken(db, t.clientId, agent.principalId, "bound-b");
    await sql`update api_tokens set book_team_id = ${w.teamB}::uuid
               where client_id = ${t.clientId} and label = 'bound-b'`.execute(db);
    const bound = await mcpAs(await authenticate(db, token));
    expect(names((await call(bound, "find_contacts", {})).items)).toEqual(["b"]);
    await refused(bound, "prospect_timeline", { contact_id: contacts.a }, "NOT_FOUND");
    expect(names((await call(bound, "query_events", {})).items)).toEqual(["-", "b"]);
    const r = await get(`/api/v1/workspace/contacts/${contacts.a}`, { authorization: `Bearer ${token}` });
    expect(r.statusCode).toBe(404);
  });
});
