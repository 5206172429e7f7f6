// Issue 58, then issue 71 ("only 2 of 12 refusals name an MCP tool as the next action"): every
// refusal over MCP names the tool to call next, or says plainly that no MCP tool can
// ("No MCP tool can do this: ..."), and never sends an agent to an HTTP route. Checked for every
// code of the registry as any tool would meet it, then over the real server for every tool's
// refusal, as the principals that may and may not call it; HTTP keeps its route.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HTTP_ROUTE, MCP_NEXT_ACTIONS, NO_TOOL, nextActionOverMcp } from "../../src/agents/mcp/hints.ts";
import { createMcpServer } from "../../src/agents/mcp/server.ts";
import { toolInputSchema, toolOutputSchema } from "../../src/agents/mcp/tool-schema.ts";
import { batonTools } from "../../src/agents/mcp/tools.ts";
import type { Principal } from "../../src/auth/principal.ts";
import { allErrors } from "../../src/runtime/errors.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

/** Facts that make each conditional next() take its other branches. */
const FACTS = [
  {},
  { status: "paused", from: "retired", state: "draft", entity: "Play", taskId: "t", draftId: "d" },
  { status: "active", state: "active", entity: "draft", required: "the exec role", retry_after_s: 3 },
];
const TOOLS = new Set(batonTools.map((x) => x.name));

/** Every property name the tools' inputs and outputs use: snake_case words that are not tools. */
function fieldNames(): Set<string> {
  const out = new Set<string>();
  const walk = (s: unknown) => {
    if (!s || typeof s !== "object") return;
    if (Array.isArray(s)) return s.forEach(walk);
    const o = s as Record<string, unknown>;
    if (o.properties && typeof o.properties === "object")
      for (const k of Object.keys(o.properties)) out.add(k);
    // the values an argument takes (exit reasons, decisions) are words of the texts too
    for (const v of [o.const, ...(Array.isArray(o.enum) ? o.enum : [])])
      if (typeof v === "string") out.add(v);
    for (const v of Object.values(o)) walk(v);
  };
  for (const t of batonTools) {
    walk(toolInputSchema(t));
    walk(toolOutputSchema(t));
  }
  return out;
}
const FIELDS = fieldNames();

/** What is wrong with one next_action over MCP (empty: nothing). */
function problems(text: string): string[] {
  const out: string[] = [];
  if (HTTP_ROUTE.test(text)) out.push(`names an HTTP route: ${text}`);
  const words = [...text.matchAll(/\b([a-z]+(?:_[a-z]+)*)\b/g)].map((m) => m[1]);
  if (text.startsWith(NO_TOOL)) return out;
  if (!words.some((n) => TOOLS.has(n))) out.push(`names no tool and does not say none can: ${text}`);
  // a snake_case word is a tool of this server, or an argument (or a value) its tools take
  const unknown = words.filter(
    (n) => n.includes("_") && !TOOLS.has(n) && !FIELDS.has(n) && !/_id$|_at$|^idempotency_key$/.test(n),
  );
  if (unknown.length) out.push(`names ${unknown.join(", ")}, no tool of this server: ${text}`);
  return out;
}

let h: TestApp;
let t: Tenant;

async function connect(principal: Principal): Promise<Client> {
  const [a, b] = InMemoryTransport.createLinkedPair();
  await createMcpServer({
    db: h.database.db,
    engine: h.deps.engine,
    principal,
    config: h.deps.config,
    now: () => new Date(),
  }).connect(a);
  const client = new Client({ name: "hints-test", version: "1.0.0" });
  await client.connect(b);
  return client;
}

beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.database.db);
}, 60_000);
afterAll(() => h.close());

describe("every refusal over MCP names the tool to call next, or says none can (issue 71)", () => {
  it("every code of the registry, as every tool meets it", () => {
    const bad: string[] = [];
    for (const code of Object.keys(allErrors))
      for (const tool of TOOLS)
        for (const f of FACTS)
          for (const p of problems(nextActionOverMcp(code, f, tool))) bad.push(`${code}: ${p}`);
    expect([...new Set(bad)]).toEqual([]);
    // the texts written for MCP are for codes that exist
    expect(Object.keys(MCP_NEXT_ACTIONS).filter((c) => !(c in allErrors))).toEqual([]);
    // the review's count: most codes a tool meets now name a tool
    expect(Object.keys(MCP_NEXT_ACTIONS).length).toBeGreaterThan(60);
  });

  it("every tool's refusals over the server, as principals that may and may not call it", async () => {
    const seen = new Set<string>();
    const bad: string[] = [];
    for (const p of [t.sales, t.exec, t.revops, t.agt901, t.agt304]) {
      const client = await connect(p);
      for (const tool of batonTools) {
        // broken arguments (an unknown one, each known one of a wrong type): the role's refusal, or
        // VALIDATION_FAILED naming this tool
        const props = Object.keys((toolInputSchema(tool) as { properties?: object }).properties ?? {});
        const args = Object.fromEntries([["bogus", 1], ...props.map((k) => [k, [[]]])]);
        const r = await client.callTool({ name: tool.name, arguments: args });
        expect(r.isError, `${tool.name} refused`).toBe(true);
        const { error } = r.structuredContent as { error: { code: string; next_action: string } };
        seen.add(error.code);
        for (const x of problems(error.next_action))
          bad.push(`${p.displayName} ${tool.name} ${error.code}: ${x}`);
        if (error.code === "VALIDATION_FAILED") expect(error.next_action).toContain(tool.name);
        // the text block says the same
        expect(JSON.parse((r.content as { text: string }[])[0].text).error.next_action).toBe(
          error.next_action,
        );
      }
      const unknown = await client.callTool({ name: "no_such_tool", arguments: {} });
      const next = (unknown.structuredContent as { error: { next_action: string } }).error.next_action;
      expect(problems(next)).toEqual([]);
      await client.close();
    }
    expect(bad).toEqual([]);
    expect([...seen].sort()).toEqual(["FORBIDDEN_ROLE", "PLAY_WRITE_FORBIDDEN", "VALIDATION_FAILED"]);
  }, 120_000);

  it("the review's repro: CAMPAIGN_NOT_FOUND over MCP says list_campaigns; over HTTP the route", async () => {
    const client = await connect(t.sales);
    const r = await client.callTool({ name: "get_campaign", arguments: { campaign: "no_such_campaign" } });
    const { error } = r.structuredContent as { error: { code: string; next_action: string; status: number } };
    expect(error).toMatchObject({ code: "CAMPAIGN_NOT_FOUND", status: 404 });
    expect(error.next_action).toMatch(/list_campaigns/);
    expect(error.next_action).not.toMatch(HTTP_ROUTE);

    // a resource's refusal too (baton://campaigns/{slug})
    const read = client.readResource({ uri: "baton://campaigns/no_such_campaign" });
    await expect(read).rejects.toThrow(/CAMPAIGN_NOT_FOUND.*list_campaigns/);
    await expect(read).rejects.not.toThrow(HTTP_ROUTE);
    await client.close();

    const http = await h.app.inject({
      method: "GET",
      url: "/api/v1/campaigns/no_such_campaign",
      headers: t.sales.auth,
    });
    expect(http.json().error).toMatchObject({ code: "CAMPAIGN_NOT_FOUND" });
    expect(http.json().error.next_action).toMatch(/GET \/api\/v1\/campaigns/);
  });

  it("a refusal the agent can fix names the tool and its arguments; one it cannot says so", () => {
    expect(nextActionOverMcp("DRAFT_UNFINISHED", { draftId: "d1" }, "approve_staged_draft")).toMatch(
      /approve_staged_draft \{draft_id: "d1", subject, body\}/,
    );
    expect(nextActionOverMcp("RATE_LIMITED", { retry_after_s: 4 }, "report_reply")).toBe(
      "Wait 4 seconds, then call report_reply again with the same idempotency_key.",
    );
    // the registry's text sends a person to a route: over MCP, the plain no-tool wording instead
    expect(nextActionOverMcp("WEBHOOK_NOT_FOUND", {}, "whoami")).toBe(
      `${NO_TOOL} a person does it in the workspace or with the baton CLI.`,
    );
    expect(nextActionOverMcp("TOKEN_REVOKED", {}, "whoami")).toMatch(
      /^No MCP tool can do this: Ask an admin/,
    );
  });
});
