// Issue 61 item 2, the walk: every operation of the OpenAPI document, and every MCP tool, called as a
// rep of another team when the workspace keeps books ('own'), over the demo's data (every prospect
// is Tara's, team Mid-market sales) and one prospect of the walker's own. Each path and body gets the
// ids of Tara's prospects and of what hangs off them (enrollments, tasks, drafts, replies, hand-offs,
// meetings), filled in from the operation's own schema. It passes when
//   - no answer names one of Tara's prospects (id, email or name) or their objects' ids: 0 rows;
//   - nothing of Tara's prospects changed (a digest of their rows in every table that holds them,
//     taken before and after each write): 0 writes.
// Three walk: a rep of another team, that team's manager (an slm: more writes open to them) and an
// agent's token bound to that team (Outreach Generator, which enrolls and drafts). The control walks the same reads as Tara, and must find her prospects in the reads that list them,
// so a walk that reached nothing (a wrong id, a 400 everywhere) cannot pass for a kept book.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrincipal } from "../../src/auth/create-principal.ts";
import { issueToken } from "../../src/auth/tokens.ts";
import { DEMO_CLIENT } from "../../src/demo/demo-principals.ts";
import { seedDemo } from "../../src/demo/seed-demo.ts";
import { newContact, twoStepCampaign } from "../campaigns/helpers.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { setBookScope } from "../support/books.ts";
import { type BookIds, bookFixtures, digestOf } from "./walk-fixtures.ts";
import { type Operation, operationsOf, requestFor } from "./walk-requests.ts";

let h: TestApp;
let url: string;
let ids: BookIds;
let ownContactId = "";
const rep = { authorization: "Bearer bt_demo_rep" };
let ops: Operation[];

/** Who walks: each reaches a book that does not hold Tara's prospects. */
const walkers: { name: string; token: string }[] = [];
/** What each walker found: `<operation or TOOL name> → …` lines. */
const findings = new Map<string, string[]>();
/** Each walker's answer per operation or tool (`<walker>|<operation or TOOL name>`): its status,
 * 200 or 400 for a tool (400: it answered an error). */
const statuses = new Map<string, number>();

/**
 * The aggregates: reads that count, sum or rank over many prospects (a dashboard, a campaign's
 * counts and funnels, the cohort, the queues' counts, signals' stats, the plays' figures and
 * calibration). Each is read with data by at least one walker (a 200, not a refusal of the role or
 * of the request), so the walk's check of every answer for names and ids covers it; a read here that
 * no walker reaches fails the walk instead of passing it unread.
 */
const AGGREGATES = [
  "GET /api/v1/workspace/dashboard",
  "GET /api/v1/workspace/campaigns/{slug}/counts",
  "GET /api/v1/me/queues",
  "GET /api/v1/books",
  "GET /api/v1/cohort",
  "GET /api/v1/replies/triage/count",
  "GET /api/v1/learning/campaigns/{slug}/funnel",
  "GET /api/v1/learning/campaigns/{slug}/variants",
  "GET /api/v1/learning/retrospectives",
  "GET /api/v1/learning/agents/calibration",
  "GET /api/v1/learning/reply-agreement",
  "GET /api/v1/signals/hot",
  "GET /api/v1/signals/stats",
  "GET /api/v1/signals/trends",
  "GET /api/v1/plays/active/segments/{segment}/figures",
  "GET /api/v1/plays/calibration/promotion",
  "GET /api/v1/plays/calibration/edits",
  "GET /api/v1/plays/calibration/caps",
  "GET /api/v1/plays/calibration/retrospectives",
  "TOOL cohort_view",
  "TOOL campaign_funnel",
  "TOOL agent_calibration",
  "TOOL count_reply_triage",
  "TOOL signal_trends",
  "TOOL segment_caps_and_active_plays",
];

/** Operations not walked, and why: none of them answers or changes a prospect of a book. */
const NOT_WALKED: Record<string, string> = {
  "POST /api/v1/contacts/{id}/opt-out":
    "an opt-out is recorded by whoever hears it, whatever the book (spec 001: never send after an opt-out), so it changes the book's rows by design; its answer outside the book is the one for no prospect (test/books/flags-editor-opt-out.test.ts)",
  "GET /u/{token}":
    "the prospect's own unsubscribe page, authenticated by its signed token, not by a principal",
  "POST /u/{token}": "the prospect's own one-click unsubscribe, authenticated by its signed token",
  "POST /auth/sign-out": "ends the walker's own session",
  "POST /auth/demo": "signs in as a demo person: a session, not a prospect",
  "POST /auth/email/start": "sends a sign-in link to a person",
  "POST /auth/email/verify": "signs a person in",
  "GET /auth/oidc/start": "redirects to the identity provider",
  "POST /mcp": "walked as tools below",
  "GET /mcp": "the MCP stream, walked as tools below",
  "DELETE /mcp": "ends an MCP session",
};

/** MCP tools not walked, and why. */
const TOOLS_NOT_WALKED: Record<string, string> = {
  opt_out_contact: NOT_WALKED["POST /api/v1/contacts/{id}/opt-out"]!,
};

/**
 * Operations and tools that still answer or change a row of another book, while the books reach
 * each area (issue 61 item 2): each line leaves as its area keeps the book, and the walk fails on a
 * line that no longer leaks (remove it) as on a leak that is not listed.
 */
const KNOWN_GAPS = new Set<string>([]);

/** Fails on a finding not listed as a gap, and on a listed gap no walker found any more. */
function expectOnlyKnownGaps(): void {
  const keyOf = (f: string) => f.replace(/ (→|names|changed) .*$/, "");
  const all = [...findings.values()].flat();
  const keys = new Set(all.map(keyOf));
  expect(all.filter((f) => !KNOWN_GAPS.has(keyOf(f)))).toEqual([]);
  expect([...KNOWN_GAPS].filter((k) => !keys.has(k))).toEqual([]);
}

beforeAll(async () => {
  h = await testApp();
  url = await h.app.listen({ host: "127.0.0.1", port: 0 });
  const db = h.database.db;
  await seedDemo(db);
  // another team: a rep with one prospect of their own, its manager, and an agent's token bound to it
  const team = await db
    .insertInto("teams")
    .values({ client_id: DEMO_CLIENT, name: "Enterprise sales" })
    .returning("team_id")
    .executeTakeFirstOrThrow();
  let ownContact = "";
  for (const [name, email, role, teamRole] of [
    ["Omar Other", "omar@demo.test", "rep", "member"],
    ["Mara Manager", "mara@demo.test", "slm", "manager"],
  ] as const) {
    const p = await createPrincipal(db, { clientId: DEMO_CLIENT, displayName: name, email, roles: [role] });
    walkers.push({
      name: `${role} of another team`,
      token: await issueToken(db, DEMO_CLIENT, p.principalId, name),
    });
    await db
      .insertInto("team_members")
      .values({ client_id: DEMO_CLIENT, team_id: team.team_id, principal_id: p.principalId, role: teamRole })
      .execute();
    if (role === "rep") {
      const own = await newContact(db, DEMO_CLIENT, "Olive Own");
      ownContact = own.contactId;
      await sql`update contacts set owner_principal_id = ${p.principalId}::uuid
                 where client_id = ${DEMO_CLIENT} and contact_id = ${own.contactId}::uuid`.execute(db);
    }
  }
  const agent = await db
    .selectFrom("principals")
    .select("principal_id")
    .where("client_id", "=", DEMO_CLIENT)
    .where("agent_id", "=", "AGT-301")
    .executeTakeFirstOrThrow();
  const agentToken = await issueToken(
    db,
    DEMO_CLIENT,
    agent.principal_id,
    "walker: bound to Enterprise sales",
  );
  await sql`update api_tokens set book_team_id = ${team.team_id}::uuid
             where client_id = ${DEMO_CLIENT} and label = 'walker: bound to Enterprise sales'`.execute(db);
  walkers.push({ name: "agent bound to another team", token: agentToken });
  // a campaign given to the other team: its manager edits it (the step editor's preview and test-send)
  const teamCampaign = await h.app.inject({
    method: "POST",
    url: "/api/v1/campaigns",
    headers: { authorization: "Bearer bt_demo_revops" },
    payload: { ...twoStepCampaign("enterprise_walk", "nurture", {}), team_id: team.team_id },
  });
  expect(teamCampaign.statusCode, teamCampaign.body).toBe(201);
  ownContactId = ownContact;
  ids = await bookFixtures(h, rep, ownContact, "enterprise_walk");
  await setBookScope(db, DEMO_CLIENT, "own");
  ops = operationsOf(h.app.swagger() as any).filter((o) => !NOT_WALKED[o.key]);
}, 180_000);
afterAll(async () => h?.close());

/** What of Tara's book a text names (ids, emails, names) that the request did not send itself. */
function leaks(text: string, sent = ""): string[] {
  return ids.secrets.filter((s) => text.includes(s) && !sent.includes(s)).slice(0, 5);
}

async function call(op: Operation, auth: { authorization: string }) {
  const req = requestFor(op, ids);
  const r = await h.app.inject({
    method: op.method as "GET",
    url: req.url,
    headers: { ...auth, ...(req.body === undefined ? {} : { "content-type": "application/json" }) },
    ...(req.body === undefined ? {} : { payload: JSON.stringify(req.body) }),
  });
  return { status: r.statusCode, body: r.body, sent: `${req.url} ${JSON.stringify(req.body ?? null)}` };
}

/** Every operation as one walker: reads first, then writes, each write between two digests. */
async function walkHttp(token: string, walker: string): Promise<string[]> {
  const found: string[] = [];
  const db = h.database.db;
  const auth = { authorization: `Bearer ${token}` };
  const ordered = [...ops.filter((o) => o.method === "GET"), ...ops.filter((o) => o.method !== "GET")];
  for (const op of ordered) {
    const before = op.method === "GET" ? "" : await digestOf(db, ids);
    const r = await call(op, auth);
    statuses.set(`${walker}|${op.key}`, r.status);
    if (op.method !== "GET" && before !== (await digestOf(db, ids)))
      found.push(`${op.key} → ${r.status} changed Tara's rows`);
    const l = leaks(r.body, r.sent);
    if (l.length > 0) found.push(`${op.key} → ${r.status} names ${l.join(", ")}`);
  }
  return found;
}

/** Every MCP tool the walker is offered, with arguments filled in from its input schema. */
async function walkMcp(token: string, walker: string): Promise<string[]> {
  const client = new Client({ name: "book-walker", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  const found: string[] = [];
  try {
    const { tools } = await client.listTools();
    expect(tools.length).toBeGreaterThan(3);
    const db = h.database.db;
    for (const tool of tools.filter((x) => !TOOLS_NOT_WALKED[x.name])) {
      const tool_op = {
        key: `TOOL ${tool.name}`,
        method: "POST",
        path: "",
        params: [],
        body: tool.inputSchema as any,
      };
      const args = (requestFor(tool_op, ids).body ?? {}) as Record<string, unknown>;
      const before = await digestOf(db, ids);
      const r = await client
        .callTool({ name: tool.name, arguments: args })
        .catch((e) => ({ error: String(e) }));
      statuses.set(`${walker}|TOOL ${tool.name}`, "error" in r || r.isError ? 400 : 200);
      if (before !== (await digestOf(db, ids))) found.push(`TOOL ${tool.name} changed Tara's rows`);
      const l = leaks(JSON.stringify(r), JSON.stringify(args));
      if (l.length > 0) found.push(`TOOL ${tool.name} names ${l.join(", ")}`);
    }
  } finally {
    await client.close();
  }
  return found;
}

describe("books over every operation and tool (issue 61 item 2)", () => {
  it("lists every operation it does not walk, each with a reason, and walks the rest", () => {
    expect(ops.length).toBeGreaterThan(150);
    const keys = new Set(operationsOf(h.app.swagger() as any).map((o) => o.key));
    for (const k of Object.keys(NOT_WALKED)) expect(keys, k).toContain(k);
  });

  it("control: as Tara, the reads that list prospects show hers", async () => {
    const seen: string[] = [];
    for (const op of ops.filter((o) => o.method === "GET")) {
      const r = await call(op, rep);
      if (leaks(r.body).length > 0) seen.push(op.key);
    }
    for (const key of [
      "GET /api/v1/workspace/contacts",
      "GET /api/v1/workspace/contacts/{id}",
      "GET /api/v1/contacts/{id}/timeline",
      "GET /api/v1/contacts/{id}/enrollments",
      "GET /api/v1/campaigns/{slug}/enrollments",
      "GET /api/v1/enrollments/{id}",
      "GET /api/v1/rep-tasks",
      "GET /api/v1/replies/triage",
      "GET /api/v1/replies/triage/{id}",
      "GET /api/v1/drafts",
      "GET /api/v1/drafts/{id}",
      "GET /api/v1/contacts/{id}/meetings",
      "GET /api/v1/flags",
    ])
      expect(seen, key).toContain(key);
  }, 180_000);

  it("control: the other team's manager previews and test-sends the team campaign's edited step for the team's own prospect", async () => {
    const manager = { authorization: `Bearer ${walkers[1]!.token}` };
    for (const url of ["/api/v1/campaigns/preview-step", "/api/v1/campaigns/test-send"]) {
      const op = ops.find((o) => o.key === `POST ${url}`)!;
      const body = requestFor(op, ids).body as Record<string, any>;
      const own = await h.app.inject({
        method: "POST",
        url,
        headers: manager,
        payload: { ...body, contact_id: ownContactId },
      });
      expect(own.statusCode, own.body).toBe(200);
      expect(own.body).toContain("Olive Own");
      // the same request for the book's prospect: not found, as a prospect that does not exist
      const other = await h.app.inject({ method: "POST", url, headers: manager, payload: body });
      expect(other.statusCode, other.body).toBe(404);
      expect(leaks(other.body, JSON.stringify(body))).toEqual([]);
    }
  });

  for (const i of [0, 1, 2]) {
    it(`walker ${i + 1} of 3 (a rep of another team, its manager, an agent bound to it): every operation and tool`, async () => {
      const w = walkers[i]!;
      findings.set(w.name, [...(await walkHttp(w.token, w.name)), ...(await walkMcp(w.token, w.name))]);
    }, 600_000);
  }

  it("the aggregates were read with data: each answered 200 to a walker, and the walk read it for Tara's names and ids", () => {
    const unread = AGGREGATES.filter((key) => !walkers.some((w) => statuses.get(`${w.name}|${key}`) === 200));
    expect(unread).toEqual([]);
  });

  it("the queues' counts count none of Tara's rows: 0 for the walkers, more for Tara", async () => {
    const counts = async (auth: { authorization: string }) =>
      (await h.app.inject({ method: "GET", url: "/api/v1/me/queues", headers: auth })).json();
    const tara = await counts(rep);
    expect(tara.tasks + tara.replies).toBeGreaterThan(0);
    for (const w of walkers.slice(0, 2)) {
      const mine = await counts({ authorization: `Bearer ${w.token}` });
      expect({ walker: w.name, tasks: mine.tasks ?? 0, replies: mine.replies ?? 0 }).toEqual({
        walker: w.name,
        tasks: 0,
        replies: 0,
      });
    }
  });

  it("no mail the walk sent (the step editor's test sends) names Tara's book; the control's names its own prospect", async () => {
    const mails = await h.database.db
      .selectFrom("dev_email_outbox")
      .select(["to_address", "subject", "body"])
      .where("client_id", "=", DEMO_CLIENT)
      .where("to_address", "in", ["omar@demo.test", "mara@demo.test"])
      .execute();
    expect(mails.flatMap((m) => leaks(`${m.to_address} ${m.subject} ${m.body}`))).toEqual([]);
    expect(mails.some((m) => m.body.includes("Olive Own"))).toBe(true);
  });

  it("no walker found a row of Tara's book but the gaps listed, and every listed gap is still found", () => {
    expect(findings.size).toBe(3);
    expectOnlyKnownGaps();
  });
});
