// One paging style (issue 58, Deliver 7). The review: "6 list tools return next_cursor but take no
// cursor; list_enrollments and list_staged_drafts truncate at limit and answer next_cursor: null
// although more exist", and "the REST API has four paging styles (cursor, offset + total,
// before_id, none)". Each list now takes limit and cursor and answers {items, next_cursor}; walking
// the cursors reads every row once, the last page says null, and a cursor that was altered, made
// up, or taken from another list or tenant is refused with 400, never 500 or another's rows.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMcpServer } from "../../src/agents/mcp/server.ts";
import { toolInputSchema, toolOutputSchema } from "../../src/agents/mcp/tool-schema.ts";
import { batonTools } from "../../src/agents/mcp/tools.ts";
import type { Principal } from "../../src/auth/principal.ts";
import { enrollContact } from "../../src/campaigns/enroll-contact.ts";
import { addContact, agentDraftedCampaign, SALES_CAMPAIGN } from "../mcp/outreach-setup.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const N = 5;
let h: TestApp;
let t: Tenant;
let other: Tenant;

beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.database.db);
  other = await createTenant(h.database.db);
  await agentDraftedCampaign(h.database, t, new Date());
  for (let i = 0; i < N; i++) {
    const contactId = await addContact(h.database, t, `Paged Person ${"abcdefgh"[i]}`);
    await enrollContact(h.database.db, t.revops, { campaign: SALES_CAMPAIGN, contactId }, new Date());
    await h.app.inject({
      method: "POST",
      url: "/api/v1/suppressions",
      headers: t.admin.auth,
      payload: { kind: "domain", value: `paged-${i}.example`, reason: "paging test" },
    });
  }
}, 120_000);
afterAll(async () => h.close());

async function get(url: string, auth = t.admin.auth) {
  return h.app.inject({ method: "GET", url, headers: auth });
}

/** Every page of a list, by following next_cursor with `limit` a page. */
async function walk(path: string, limit: number, auth = t.admin.auth) {
  const pages: { items: any[]; next_cursor: string | null }[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const r = await get(
      `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      auth,
    );
    expect(r.statusCode, r.body).toBe(200);
    pages.push(r.json());
    cursor = r.json().next_cursor;
  } while (cursor && pages.length < 20);
  return pages;
}

async function mcp(p: Principal) {
  const [a, b] = InMemoryTransport.createLinkedPair();
  const server = createMcpServer({
    db: h.database.db,
    engine: h.deps.engine,
    principal: p,
    config: h.deps.config,
    now: () => new Date(),
  });
  await server.connect(a);
  const client = new Client({ name: "paging-test", version: "1.0.0" });
  await client.connect(b);
  return client;
}

describe("one paging style", () => {
  it("REST: walking the cursors reads every row once, and the last page says null", async () => {
    for (const path of [
      `/api/v1/campaigns/${SALES_CAMPAIGN}/enrollments`,
      "/api/v1/suppressions?kind=domain",
    ]) {
      const pages = await walk(path, 2);
      expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1]);
      expect(pages.at(-1)!.next_cursor).toBeNull();
      const ids = pages.flatMap((p) => p.items.map((x) => x.id));
      expect(new Set(ids).size).toBe(N);
      // a page exactly as long as what is left is the last page: no empty page after it
      expect((await walk(path, N)).map((p) => p.items.length)).toEqual([N]);
    }
  });

  it("REST: a forged, foreign or made-up cursor is refused with 400, never 500 or another's rows", async () => {
    const [first] = await walk("/api/v1/suppressions?kind=domain", 2);
    const real = first.next_cursor!;
    const [body, check] = real.split(".");
    const key = JSON.parse(Buffer.from(body, "base64url").toString());
    const altered = `${Buffer.from(JSON.stringify([key[0], "00000000-0000-4000-8000-000000000000"])).toString("base64url")}.${check}`;
    const refused = [
      altered, // the key changed, the check kept
      `${body}.${"A".repeat(check.length)}`, // the check changed
      "abc",
      "MTIz",
      `${body}.${check}.x`,
      "%00",
    ];
    for (const cursor of refused) {
      const r = await get(`/api/v1/suppressions?cursor=${encodeURIComponent(cursor)}`);
      expect(r.statusCode, cursor).toBe(400);
      expect(r.json().error.code).toBe("VALIDATION_FAILED");
    }
    // the real cursor, in its own list and tenant, is taken
    expect(
      (await get(`/api/v1/suppressions?kind=domain&cursor=${encodeURIComponent(real)}`)).statusCode,
    ).toBe(200);
    // another tenant's cursor: refused, not a page of the other tenant's rows
    const foreign = await get(`/api/v1/suppressions?cursor=${encodeURIComponent(real)}`, other.admin.auth);
    expect(foreign.statusCode).toBe(400);
    // another list's cursor: refused
    const enrollments = (await walk(`/api/v1/campaigns/${SALES_CAMPAIGN}/enrollments`, 2))[0].next_cursor!;
    expect((await get(`/api/v1/suppressions?cursor=${encodeURIComponent(enrollments)}`)).statusCode).toBe(
      400,
    );
  });

  it("REST: rows in the same millisecond are neither skipped nor repeated (the key keeps microseconds)", async () => {
    // a cursor that kept the time as a JavaScript Date (milliseconds) skipped every row of the same
    // millisecond after the first page: the comparison (created_at, id) < ('…123Z', id) excluded them
    for (let i = 1; i <= 4; i++)
      await sql`insert into suppressions (client_id, kind, value, reason, source, created_at)
        values (${t.clientId}, 'domain', ${`micro-${i}.example`}, 'paging test', 'manual',
                ${`2026-11-27T12:00:00.12300${i}Z`}::timestamptz)`.execute(h.database.db);
    for (const limit of [1, 3]) {
      const pages = await walk("/api/v1/suppressions?search=micro-", limit);
      const values = pages.flatMap((p) => p.items.map((x) => x.value));
      expect(values).toEqual(["micro-4.example", "micro-3.example", "micro-2.example", "micro-1.example"]);
    }
  });

  it("MCP: list_enrollments takes cursor and never says null while more exist (the review's repro)", async () => {
    const client = await mcp(t.revops);
    try {
      const seen: string[] = [];
      let cursor: string | null | undefined;
      let pages = 0;
      do {
        const r: any = await client.callTool({
          name: "list_enrollments",
          arguments: { campaign: SALES_CAMPAIGN, limit: 2, ...(cursor ? { cursor } : {}) },
        });
        expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
        seen.push(...r.structuredContent.items.map((e: { id: string }) => e.id));
        cursor = r.structuredContent.next_cursor;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(N);
      // before: limit 2 answered 2 items and next_cursor null
      const one: any = await client.callTool({
        name: "list_enrollments",
        arguments: { campaign: SALES_CAMPAIGN, limit: 2 },
      });
      expect(one.structuredContent.next_cursor).toEqual(expect.any(String));
      const forged: any = await client.callTool({
        name: "list_enrollments",
        arguments: { campaign: SALES_CAMPAIGN, cursor: "bm90LWEtY3Vyc29y.xyz" },
      });
      expect(forged.isError).toBe(true);
      expect(JSON.stringify(forged.content)).toContain("VALIDATION_FAILED");
    } finally {
      await client.close();
    }
  });

  it("MCP: every list tool takes cursor and limit, and its next_cursor can be a string", () => {
    const result = (tool: (typeof batonTools)[number]): any => (toolOutputSchema(tool).anyOf as any[])[0];
    const lists = batonTools.filter((tool) => result(tool).properties?.next_cursor);
    expect(lists.length).toBeGreaterThanOrEqual(12);
    for (const tool of lists) {
      const input = toolInputSchema(tool).properties ?? {};
      expect(Object.keys(input), tool.name).toEqual(expect.arrayContaining(["cursor", "limit"]));
      expect(JSON.stringify(result(tool).properties.next_cursor), tool.name).toContain('"string"');
    }
  });
});
