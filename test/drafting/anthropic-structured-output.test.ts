// The Anthropic path honours the output schema and keeps the error's words (issue 71 item 5):
// structured outputs as output_config.format json_schema for the drafter and the reply classifier,
// against the stand-in that refuses what the Messages API refuses; an API error's type and message
// in Baton's error, never the key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleDraftInput } from "../../src/drafting/drafting-fixtures.ts";
import { anthropicErrorMessage } from "../../src/drafting/llm-client.ts";
import { DRAFT_SCHEMA, LlmDrafter } from "../../src/drafting/llm-drafter.ts";
import { LlmReplyClassifier, REPLY_ANSWER_SCHEMA } from "../../src/replies/llm-classifier.ts";
import { type LlmStandIn, startLlmStandIn } from "../support/llm-stand-in.ts";

let llm: LlmStandIn;
beforeAll(async () => {
  llm = await startLlmStandIn();
});
afterAll(() => llm.close());

const post = (body: unknown) =>
  fetch(`${llm.baseUrl}/v1/messages`, {
    method: "POST",
    headers: {
      "x-api-key": llm.apiKey,
      "anthropic-version": "2023-06-01",
      "content-type": "application/json",
    },
    body: JSON.stringify(body),
  });
const base = { model: "claude-test", max_tokens: 10, messages: [{ role: "user", content: "hi" }] };

describe("Anthropic structured outputs", () => {
  it("the drafter sends DRAFT_SCHEMA as output_config.format and reads the JSON draft", async () => {
    const drafter = new LlmDrafter({ baseUrl: llm.baseUrl, apiKey: llm.apiKey, model: "claude-test" });
    const before = llm.requests.length;
    const d = await drafter.draft(sampleDraftInput());
    expect(d.subject).toBe("Great speaking today");
    expect(d.body).toBe("Hi Dana,\n\nThanks for the time today.\n\nJustin");
    const req = llm.requests.slice(before);
    expect(req).toHaveLength(1);
    expect(req[0]?.body.output_config).toEqual({ format: { type: "json_schema", schema: DRAFT_SCHEMA } });
    expect(req[0]?.body).not.toHaveProperty("response_format");
    // the structured-outputs beta header is no longer needed (generally available)
    expect(String(req[0]?.headers["anthropic-beta"] ?? "")).not.toContain("structured-outputs");
  });

  it("the classifier sends REPLY_ANSWER_SCHEMA, which the API accepts, and reads the answer", async () => {
    const classifier = new LlmReplyClassifier(
      { baseUrl: llm.baseUrl, apiKey: llm.apiKey, model: "claude-test" },
      { maxRetries: 0, timeoutMs: 5_000 },
    );
    const saved = llm.reply;
    llm.reply = () =>
      JSON.stringify({
        intent: "not_interested",
        confidence: 0.9,
        return_date: null,
        referral: null,
        stop_signal: true,
      });
    try {
      const before = llm.requests.length;
      const c = await classifier.classify("Not for us, thanks.", new Date("2026-11-02T10:00:00Z"));
      expect(c.by).toBe("llm:claude-test");
      expect(c.intent).toBe("not_interested");
      expect(llm.requests[before]?.body.output_config.format.schema).toEqual(REPLY_ANSWER_SCHEMA);
    } finally {
      llm.reply = saved;
    }
  });

  it("an API error keeps Anthropic's type and message; the key never shows", async () => {
    const drafter = new LlmDrafter(
      { baseUrl: llm.baseUrl, apiKey: "sk-ant-wrong-key-123", model: "claude-test" },
      { maxRetries: 0 },
    );
    const e = (await drafter.draft(sampleDraftInput()).catch((x) => x)) as Error & { code?: string };
    expect(e.code).toBe("DRAFTER_FAILED");
    expect(e.message).toContain("the model API answered 401: authentication_error: invalid API key");
    expect(e.message).not.toContain("sk-ant-wrong-key-123");
    // an error that echoes the key is masked
    const echoed = {
      error: { type: "error", error: { type: "invalid_request_error", message: "bad key sk-ant-x1" } },
    };
    expect(anthropicErrorMessage(400, echoed, "sk-ant-x1")).toBe(
      "the model API answered 400: invalid_request_error: bad key ***",
    );
    expect(anthropicErrorMessage(502, new Error("no body"), "k")).toBe("the model API answered 502");
  });

  it("the stand-in refuses what the Messages API refuses", async () => {
    const extra = await post({ ...base, response_format: { type: "json_object" } });
    expect(extra.status).toBe(400);
    expect((await extra.json()).error).toEqual({
      type: "invalid_request_error",
      message: "response_format: Extra inputs are not permitted",
    });
    const open = await post({
      ...base,
      output_config: { format: { type: "json_schema", schema: { type: "object", properties: {} } } },
    });
    expect((await open.json()).error.message).toMatch(/additionalProperties to false/);
    const bounded = await post({
      ...base,
      output_config: {
        format: {
          type: "json_schema",
          schema: {
            type: "object",
            additionalProperties: false,
            required: ["n"],
            properties: { n: { type: "number", minimum: 0 } },
          },
        },
      },
    });
    expect((await bounded.json()).error.message).toMatch(/'minimum' is not supported/);
    const wrongType = await post({ ...base, output_config: { format: { type: "json", schema: {} } } });
    expect(wrongType.status).toBe(400);
  });
});
