// Tool calls as the MCP server makes them (stdio and HTTP share callTool): idempotency under
// concurrent retries, key reuse, rate limits and unknown tools, with the HTTP error body.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool } from "../../src/agents/mcp/call-tool.ts";
import type { ToolContext } from "../../src/agents/mcp/tool.ts";
import { batonTools } from "../../src/agents/mcp/tools.ts";
import { databaseRateLimiter } from "../../src/agents/rate-limit.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { buildEngine } from "../../src/runtime/engine.ts";
import { playDraft, seedSegment } from "../mcp/mcp-fixtures.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant, type TestPrincipal } from "../support/tenant.ts";

let database: Database;
let t: Tenant;
const config = { ...loadConfig({}), demo: false, runEngine: false };
const ctx = (p: TestPrincipal): ToolContext => ({
  db: database.db,
  engine: () => buildEngine(database, config),
  principal: p,
  config,
  now: () => new Date(),
});
const opts = { idempotencyWaitMs: 30_000 };

beforeAll(async () => {
  database = await testDatabase();
  t = await createTenant(database.db);
  await seedSegment(database.db, t.clientId);
});
afterAll(() => database.close());

async function playsNamed(name: string) {
  return database.db
    .selectFrom("plays")
    .select("play_id")
    .where("client_id", "=", t.clientId)
    .where("name", "=", name)
    .execute();
}

describe("MCP tool calls", () => {
  it("50 concurrent retries of draft_play with one idempotency_key produce one play", async () => {
    const args = { ...playDraft({ name: "Fifty retries" }), idempotency_key: "fifty" };
    const results = await Promise.all(
      Array.from({ length: 50 }, () => callTool(batonTools, ctx(t.agt901), "draft_play", args, opts)),
    );
    expect(results.every((r) => !r.isError)).toBe(true);
    expect(new Set(results.map((r) => (r.structuredContent as any).play_id)).size).toBe(1);
    expect(await playsNamed("Fifty retries")).toHaveLength(1);
  });

  it("the same key with other arguments is IDEMPOTENCY_KEY_REUSED; a refusal is replayed as the same refusal", async () => {
    const first = playDraft({ name: "Reuse A" });
    await callTool(batonTools, ctx(t.agt902), "draft_play", { ...first, idempotency_key: "reuse" }, opts);
    const r = await callTool(
      batonTools,
      ctx(t.agt902),
      "draft_play",
      { ...playDraft({ name: "Reuse B" }), idempotency_key: "reuse" },
      opts,
    );
    expect(r.isError).toBe(true);
    expect((r.structuredContent as any).error).toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED", status: 422 });
    expect(await playsNamed("Reuse B")).toHaveLength(0);

    // a refusal keyed once is the same refusal on retry
    const args = { play_id: "00000000-0000-4000-8000-000000000000", idempotency_key: "approve-1" };
    const a = await callTool(batonTools, ctx(t.agt901), "approve_play", args, opts);
    const b = await callTool(batonTools, ctx(t.agt901), "approve_play", args, opts);
    expect(a.isError && b.isError).toBe(true);
    expect(b.structuredContent).toEqual(a.structuredContent);
  });

  it("a runaway principal is RATE_LIMITED with retry_after_s; another principal is not", async () => {
    const limiter = databaseRateLimiter(database.db, { burst: 3, perSecond: 0.01 }, () => new Date());
    const call = (p: TestPrincipal) => callTool(batonTools, ctx(p), "whoami", {}, { ...opts, limiter });
    for (let i = 0; i < 3; i++) expect((await call(t.agt301)).isError).toBeFalsy();
    const limited = await call(t.agt301);
    expect(limited.isError).toBe(true);
    const { error } = limited.structuredContent as any;
    expect(error).toMatchObject({ code: "RATE_LIMITED", status: 429, rule: "rate limits per principal" });
    expect(error.facts.retry_after_s).toBeGreaterThanOrEqual(1);
    expect((await call(t.agt304)).isError).toBeFalsy();
  });

  it("an unknown tool is MCP_TOOL_UNKNOWN with a next action", async () => {
    const r = await callTool(batonTools, ctx(t.agt901), "approve_everything", {}, opts);
    expect((r.structuredContent as any).error).toMatchObject({ code: "MCP_TOOL_UNKNOWN", status: 404 });
    expect((r.structuredContent as any).error.next_action).toMatch(/tools\/list/);
  });
});
