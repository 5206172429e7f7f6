// Issue 58 (the review): "Refusals over MCP point at HTTP routes (CAMPAIGN_NOT_FOUND says
// 'GET /api/v1/campaigns'); name the tool." Each code whose registry text names a route has an MCP
// next_action (hints.ts) or is raised by no MCP tool; the MCP texts name tools that exist; and the
// review's repro, over the real server, now names list_campaigns while HTTP keeps its route.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MCP_NEXT_ACTIONS, NO_MCP_TOOL_RAISES } from "../../src/agents/mcp/hints.ts";
import { createMcpServer } from "../../src/agents/mcp/server.ts";
import { batonTools } from "../../src/agents/mcp/tools.ts";
import { allErrors } from "../../src/runtime/errors.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const ROUTE = /\b(GET|POST|PUT|PATCH|DELETE)\s+\/api\/|\/api\/v1\//;
/** Facts that make each conditional next() take its other branches. */
const FACTS = [
  {},
  { status: "paused", from: "retired", state: "draft" },
  { status: "active", state: "active" },
];

let h: TestApp;
let t: Tenant;
let client: Client;

beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.database.db);
  const [a, b] = InMemoryTransport.createLinkedPair();
  await createMcpServer({
    db: h.database.db,
    engine: h.deps.engine,
    principal: t.sales,
    config: h.deps.config,
    now: () => new Date(),
  }).connect(a);
  client = new Client({ name: "hints-test", version: "1.0.0" });
  await client.connect(b);
}, 60_000);
afterAll(async () => {
  await client?.close();
  await h.close();
});

describe("refusals over MCP name MCP tools (issue 58)", () => {
  it("every code whose next_action names an HTTP route has an MCP next_action, or no tool raises it", () => {
    const routed = Object.entries(allErrors)
      .filter(([, e]) => FACTS.some((f) => ROUTE.test(e.next(f))))
      .map(([code]) => code);
    expect(routed.length).toBeGreaterThan(10);
    expect(routed.filter((c) => !(c in MCP_NEXT_ACTIONS) && !NO_MCP_TOOL_RAISES.has(c))).toEqual([]);
    expect([...NO_MCP_TOOL_RAISES].filter((c) => !(c in allErrors))).toEqual([]);
  });

  it("the MCP texts name no route, and every tool they name exists", () => {
    const tools = new Set(batonTools.map((x) => x.name));
    for (const [code, next] of Object.entries(MCP_NEXT_ACTIONS)) {
      expect(code in allErrors, code).toBe(true);
      const texts = FACTS.map((f) => next(f));
      for (const text of texts) expect(text, code).not.toMatch(ROUTE);
      const named = texts.flatMap((x) => [...x.matchAll(/\b([a-z]+(?:_[a-z]+)+)\b/g)].map((m) => m[1]));
      // a tool to call, or the person to ask when no tool can fix it
      expect(named.length > 0 || texts.some((x) => /^Ask a /.test(x)), `${code} names a tool`).toBe(true);
      // snake_case words are tool names, but for the arguments they mention
      expect(
        named.filter((n) => !tools.has(n) && !/_id$|_at$|^idempotency_key$/.test(n)),
        code,
      ).toEqual([]);
    }
  });

  it("the review's repro: CAMPAIGN_NOT_FOUND over MCP says list_campaigns; over HTTP the route", async () => {
    const r = await client.callTool({ name: "get_campaign", arguments: { campaign: "no_such_campaign" } });
    const { error } = r.structuredContent as { error: { code: string; next_action: string; status: number } };
    expect(error).toMatchObject({ code: "CAMPAIGN_NOT_FOUND", status: 404 });
    expect(error.next_action).toMatch(/list_campaigns/);
    expect(error.next_action).not.toMatch(ROUTE);
    expect(JSON.parse((r.content as { text: string }[])[0].text).error.next_action).toBe(error.next_action);

    // a resource's refusal too (baton://campaigns/{slug})
    const read = client.readResource({ uri: "baton://campaigns/no_such_campaign" });
    await expect(read).rejects.toThrow(/CAMPAIGN_NOT_FOUND.*list_campaigns/);
    await expect(read).rejects.not.toThrow(ROUTE);

    const http = await h.app.inject({
      method: "GET",
      url: "/api/v1/campaigns/no_such_campaign",
      headers: t.sales.auth,
    });
    expect(http.json().error).toMatchObject({ code: "CAMPAIGN_NOT_FOUND" });
    expect(http.json().error.next_action).toMatch(/GET \/api\/v1\/campaigns/);
  });
});
