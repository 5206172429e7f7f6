// What an operator sees of agents and the model (issue 71 item 4): each MCP tools/call is one log
// line with its tool, the principal's id, the outcome and the duration (over HTTP and stdio), never
// its arguments; /metrics counts calls per tool (a name not in the list as "unknown", so a client
// cannot grow the label set) and LLM calls per purpose, provider and outcome.
import fs from "node:fs";
import { Writable } from "node:stream";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/api/build-app.ts";
import type { AppDeps, BatonApp } from "../../src/api/context.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { sampleDraftInput } from "../../src/drafting/drafting-fixtures.ts";
import { LlmDrafter } from "../../src/drafting/llm-drafter.ts";
import { LlmReplyClassifier } from "../../src/replies/llm-classifier.ts";
import { buildAppDeps } from "../../src/runtime/engine.ts";
import { createInstruments } from "../../src/runtime/instruments.ts";
import { testDatabase } from "../support/db.ts";
import { type LlmStandIn, startLlmStandIn } from "../support/llm-stand-in.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { SLOW, seedDataDir, withStdioClient } from "./stdio-client.ts";

const MARKER = "ARGUMENT-MARKER-5521";

/** The value of one sample line (`name{labels} value`), 0 when absent. */
function sample(text: string, name: string, labels: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name}{${labels}} `));
  return line ? Number(line.split(" ").pop()) : 0;
}

/** The log lines of MCP tool calls. */
function callLines(lines: string[]): any[] {
  return lines.map((l) => JSON.parse(l)).filter((l) => l.msg === "MCP tool call");
}

describe("MCP tool calls and LLM calls: log lines and metrics", () => {
  let database: Database;
  let deps: AppDeps;
  let app: BatonApp;
  let t: Tenant;
  let url: string;
  let llm: LlmStandIn;
  const lines: string[] = [];

  beforeAll(async () => {
    database = await testDatabase();
    t = await createTenant(database.db, "signals");
    const config = { ...loadConfig({}), demo: false, runEngine: false, publicUrl: "http://baton.test" };
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(...String(chunk).split("\n").filter(Boolean));
        cb();
      },
    });
    deps = buildAppDeps({ database, config, now: () => new Date(), ...createInstruments(database) });
    app = await buildApp(deps, { logger: { level: "info", stream } });
    url = await app.listen({ host: "127.0.0.1", port: 0 });
    llm = await startLlmStandIn();
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await llm?.close();
  });

  const scrape = async () => {
    const r = await app.inject({ method: "GET", url: "/metrics", headers: t.admin.auth });
    expect(r.statusCode).toBe(200);
    return r.body;
  };

  it("over HTTP: one line per call with tool, principal, outcome and duration; counted per tool", async () => {
    const client = new Client({ name: "signals-test", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${t.agt901.token}` } },
      }),
    );
    try {
      const ok = await client.callTool({ name: "list_my_drafts", arguments: {} });
      expect(ok.isError).toBeFalsy();
      // invalid arguments carrying a marker: refused, and the marker is never logged
      const bad = await client.callTool({ name: "draft_play", arguments: { name: 7, note: MARKER } });
      expect(bad.isError).toBe(true);
      // a name a client made up: counted as "unknown", not as a label of its own
      const unknown = await client.callTool({ name: `made_up_${MARKER}`, arguments: {} });
      expect(unknown.isError).toBe(true);
    } finally {
      await client.close();
    }
    const calls = callLines(lines);
    expect(calls.map((c) => [c.mcp_tool, c.outcome])).toEqual([
      ["list_my_drafts", "ok"],
      ["draft_play", "VALIDATION_FAILED"],
      ["unknown", "MCP_TOOL_UNKNOWN"],
    ]);
    for (const c of calls) {
      expect(c.principal_id).toBe(t.agt901.principalId);
      expect(c.duration_ms).toBeGreaterThanOrEqual(0);
      expect(c.reqId).toBeTruthy();
    }
    expect(lines.join("\n")).not.toContain(MARKER);
    expect(lines.join("\n")).not.toContain(t.agt901.token);

    const text = await scrape();
    expect(sample(text, "baton_mcp_tool_calls_total", 'tool="list_my_drafts",outcome="ok"')).toBe(1);
    expect(sample(text, "baton_mcp_tool_calls_total", 'tool="draft_play",outcome="refused"')).toBe(1);
    expect(sample(text, "baton_mcp_tool_calls_total", 'tool="unknown",outcome="refused"')).toBe(1);
    expect(sample(text, "baton_mcp_tool_call_duration_seconds_count", 'tool="list_my_drafts"')).toBe(1);
    // errors by the registry's code
    expect(sample(text, "baton_mcp_tool_errors_total", 'tool="draft_play",code="VALIDATION_FAILED"')).toBe(1);
    expect(sample(text, "baton_mcp_tool_errors_total", 'tool="unknown",code="MCP_TOOL_UNKNOWN"')).toBe(1);
    expect(text).not.toContain(MARKER);
  });

  it("counts LLM calls by purpose, provider and outcome, with their durations", async () => {
    const config = { baseUrl: llm.baseUrl, apiKey: llm.apiKey, model: "claude-test" };
    const classifier = new LlmReplyClassifier(config, {
      maxRetries: 0,
      timeoutMs: 2_000,
      metrics: deps.metrics,
    });
    llm.reply = () => JSON.stringify({ intent: "not_interested", confidence: 0.9 });
    await classifier.classify("No thanks, not for us.", new Date());
    llm.failNext(500);
    // the rules stand in; the failed call is still counted
    await classifier.classify("No thanks, not for us.", new Date());
    // nothing listens on port 1: unreachable
    const away = new LlmReplyClassifier(
      { ...config, baseUrl: "http://127.0.0.1:1" },
      { maxRetries: 0, timeoutMs: 2_000, metrics: deps.metrics },
    );
    await away.classify("No thanks.", new Date());
    llm.reply = () => "Subject: Hello\n\nHi there.";
    const drafter = new LlmDrafter(config, { maxRetries: 0, timeoutMs: 2_000, metrics: deps.metrics });
    expect((await drafter.draft(sampleDraftInput())).subject).toBe("Hello");

    const text = await scrape();
    const l = (purpose: string, outcome: string) =>
      `purpose="${purpose}",provider="anthropic",outcome="${outcome}"`;
    expect(sample(text, "baton_llm_calls_total", l("reply_classification", "ok"))).toBe(1);
    expect(sample(text, "baton_llm_calls_total", l("reply_classification", "http"))).toBe(1);
    expect(sample(text, "baton_llm_calls_total", l("reply_classification", "unreachable"))).toBe(1);
    expect(
      sample(
        text,
        "baton_llm_call_duration_seconds_count",
        'purpose="reply_classification",provider="anthropic"',
      ),
    ).toBe(3);
    expect(sample(text, "baton_llm_calls_total", l("draft", "ok"))).toBe(1);
  });

  it(
    "over stdio: one JSON line per call on stderr, with tool, principal, outcome and duration; the per-tool metrics at exit",
    async () => {
      const { tmp, dataDir, seeded } = await seedDataDir((d) => createTenant(d.db, "stdio-signals"));
      let stderr = "";
      try {
        await withStdioClient(
          dataDir,
          seeded.agt901.token,
          async (c) => {
            expect((await c.callTool({ name: "list_my_drafts", arguments: {} })).isError).toBeFalsy();
            const bad = await c.callTool({ name: "draft_play", arguments: { name: 7, note: MARKER } });
            expect(bad.isError).toBe(true);
          },
          { onStderr: (s) => (stderr += s) },
        );
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
      const calls = callLines(stderr.split("\n").filter((l) => l.startsWith("{")));
      expect(calls.map((c) => [c.mcp_tool, c.outcome, c.principal_id])).toEqual([
        ["list_my_drafts", "ok", seeded.agt901.principalId],
        ["draft_play", "VALIDATION_FAILED", seeded.agt901.principalId],
      ]);
      for (const c of calls) expect(c.duration_ms).toBeGreaterThanOrEqual(0);
      // at exit, the session's per-tool metrics (no /metrics over stdio): calls, errors by code, duration
      const [summary] = stderr
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l))
        .filter((l) => l.msg === "MCP tool metrics");
      expect(summary?.mcp_tools, stderr).toMatchObject({
        list_my_drafts: {
          calls: 1,
          ok: 1,
          refused: 0,
          error: 0,
          errors_by_code: {},
          duration_s: { count: 1 },
        },
        draft_play: {
          calls: 1,
          ok: 0,
          refused: 1,
          errors_by_code: { VALIDATION_FAILED: 1 },
          duration_s: { count: 1 },
        },
      });
      expect(summary.mcp_tools.list_my_drafts.duration_s.p95_le).toBeGreaterThan(0);
      expect(stderr).not.toContain(MARKER);
    },
    SLOW,
  );
});
