// issue 71 item 4: an MCP tool call and an LLM call as operators see them in their traces, exported
// over OTLP/HTTP JSON (OTEL_EXPORTER_OTLP_PROTOCOL=http/json) to the test's receiver. The POST /mcp
// request is a SERVER span named by its route, a child of the caller's W3C traceparent; each
// tools/call is its child with the tool, the caller's ids and the outcome; never the arguments (a
// marker is planted in them), the token, or the prompt and answer of the model.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/api/build-app.ts";
import type { BatonApp } from "../../src/api/context.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { LlmReplyClassifier } from "../../src/replies/llm-classifier.ts";
import { buildAppDeps } from "../../src/runtime/engine.ts";
import { startTracing, type Tracing } from "../../src/runtime/tracing.ts";
import { testDatabase } from "../support/db.ts";
import { type LlmStandIn, startLlmStandIn } from "../support/llm-stand-in.ts";
import { type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const MARKER = "ARGUMENT-MARKER-7731";
const CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN = "00f067aa0ba902b7";

describe("traces of HTTP requests, MCP tool calls and LLM calls over OTLP/JSON", () => {
  let database: Database;
  let app: BatonApp;
  let t: Tenant;
  let url: string;
  let otlp: OtlpReceiver;
  let llm: LlmStandIn;
  let tracing: Tracing | null = null;

  beforeAll(async () => {
    database = await testDatabase();
    t = await createTenant(database.db, "otelmcp");
    otlp = await startOtlpReceiver();
    llm = await startLlmStandIn();
    const config = {
      ...loadConfig({
        OTEL_TRACES_EXPORTER: "otlp",
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${otlp.url}/v1/traces`,
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      }),
      demo: false,
      runEngine: false,
      publicUrl: "http://baton.test",
    };
    // before the app is built, as serve() does: the request hook is registered only when tracing is on
    tracing = await startTracing(config, "server");
    app = await buildApp(buildAppDeps({ database, config, now: () => new Date() }), { logger: false });
    url = await app.listen({ host: "127.0.0.1", port: 0 });
  });
  afterAll(async () => {
    await tracing?.shutdown();
    await app?.close();
    await llm?.close();
    await otlp?.close();
    await database?.close();
  });

  it("POST /mcp under the caller's trace, each tools/call its child; LLM calls as client spans", async () => {
    const client = new Client({ name: "trace-test", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
        requestInit: {
          headers: {
            authorization: `Bearer ${t.agt901.token}`,
            traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01`,
          },
        },
      }),
    );
    try {
      expect((await client.callTool({ name: "list_my_drafts", arguments: {} })).isError).toBeFalsy();
      const bad = await client.callTool({ name: "draft_play", arguments: { name: 7, note: MARKER } });
      expect(bad.isError).toBe(true);
      const made = await client.callTool({ name: `made_up_${MARKER}`, arguments: {} });
      expect(made.isError).toBe(true);
    } finally {
      await client.close();
    }
    // the probes are not traced
    expect((await app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);

    // an LLM call (the reply classifier), its prompt and answer carrying the marker
    const classifier = new LlmReplyClassifier(
      { baseUrl: llm.baseUrl, apiKey: llm.apiKey, model: "claude-test" },
      { maxRetries: 0, timeoutMs: 2_000 },
    );
    llm.reply = () => JSON.stringify({ intent: "not_interested", confidence: 0.9, note: MARKER });
    await classifier.classify(`No thanks, not for us. ${MARKER}`, new Date());

    await tracing?.shutdown();
    tracing = null;
    expect(otlp.contentTypes.length).toBeGreaterThan(0);
    expect(otlp.contentTypes.every((c) => c.startsWith("application/json"))).toBe(true);
    const spans = otlp.spans;
    expect(spans.some((s) => s.name.includes("healthz"))).toBe(false);

    const calls = spans.filter((s) => s.attributes["mcp.method.name"] === "tools/call");
    expect(
      calls.map((c) => [c.name, c.attributes["gen_ai.tool.name"], c.attributes["baton.outcome"]]),
    ).toEqual([
      ["tools/call list_my_drafts", "list_my_drafts", "ok"],
      ["tools/call draft_play", "draft_play", "VALIDATION_FAILED"],
      ["tools/call unknown", "unknown", "MCP_TOOL_UNKNOWN"],
    ]);
    for (const call of calls) {
      expect(call.attributes["baton.tenant_id"]).toBe(t.clientId);
      expect(call.attributes["baton.principal_id"]).toBe(t.agt901.principalId);
      // its parent: the POST /mcp request's span, under the caller's trace
      const request = spans.find((s) => s.spanId === call.parentSpanId);
      expect(request?.name).toBe("POST /mcp");
      expect(request?.kind).toBe(2); // SERVER
      expect(request?.traceId).toBe(CALLER_TRACE);
      expect(request?.parentSpanId).toBe(CALLER_SPAN);
      expect(request?.attributes).toMatchObject({
        "http.request.method": "POST",
        "http.route": "/mcp",
        "http.response.status_code": 200,
        "baton.tenant_id": t.clientId,
        "baton.principal_id": t.agt901.principalId,
      });
      expect(request?.resource["service.name"]).toBe("baton");
    }

    const chat = spans.find((s) => s.name === "chat claude-test");
    expect(chat?.kind).toBe(3); // CLIENT
    expect(chat?.attributes).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "anthropic",
      "gen_ai.request.model": "claude-test",
      "server.address": "127.0.0.1",
      "baton.kind": "reply_classification",
      "baton.outcome": "ok",
    });

    // neither the arguments nor the token nor the model's prompt or answer
    const everything = JSON.stringify(spans);
    expect(everything).not.toContain(MARKER);
    expect(everything).not.toContain(t.agt901.token);
    expect(everything).not.toContain("No thanks");
  });
});
