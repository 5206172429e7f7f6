// Issue 58 Deliver 6: the OpenAI-compatible client follows the OpenAI SDK's conventions, against
// stand-ins of OpenAI's, Gemini's, Azure's and Ollama's chat completions (test/support/
// openai-stand-in.ts, each refusing what the real service refuses). The review's repros beside the
// working case: a base URL written with its version (Gemini's /v1beta/openai, Azure's /openai/v1)
// got /v1 appended; a reasoning model refuses max_tokens; a refusal or an answer cut at the token
// limit must say so and end the draft visibly, never hand on a half JSON object.
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { sampleDraftInput } from "../../src/drafting/drafting-fixtures.ts";
import { createLlmClient, LlmCallError, type LlmConfig } from "../../src/drafting/llm-client.ts";
import { DRAFT_SCHEMA, LlmDrafter } from "../../src/drafting/llm-drafter.ts";
import { hasPlaceholder } from "../../src/drafting/unfinished.ts";
import { LlmReplyClassifier, REPLY_ANSWER_SCHEMA } from "../../src/replies/llm-classifier.ts";
import { startLlmStandIn } from "../support/llm-stand-in.ts";
import {
  type OpenAiStandIn,
  type ServiceShape,
  type StandInOptions,
  startOpenAiStandIn,
  strictSchemaProblem,
} from "../support/openai-stand-in.ts";

const open: OpenAiStandIn[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

async function standIn(options: StandInOptions = {}): Promise<OpenAiStandIn> {
  const s = await startOpenAiStandIn(options);
  open.push(s);
  return s;
}

/** config.llm as loadConfig makes it from the stand-in's documented base URL. */
function configOf(s: OpenAiStandIn, env: Record<string, string> = {}): LlmConfig {
  const llm = loadConfig({
    LLM_API: "openai",
    LLM_BASE_URL: s.baseUrl,
    LLM_API_KEY: s.apiKey,
    LLM_MODEL: "gpt-test",
    ...env,
  }).llm;
  if (!llm) throw new Error("no llm config");
  return llm;
}

const at = new Date("2026-02-25T15:30:00Z");
const once = { maxRetries: 0, timeoutMs: 5_000 };

describe("the base URL includes the version; Baton appends /chat/completions and nothing else", () => {
  for (const shape of ["openai", "gemini", "ollama"] as ServiceShape[]) {
    it(`${shape}: a draft through the base as the service documents it`, async () => {
      const s = await standIn({ shape });
      const d = await new LlmDrafter(configOf(s), once).draft(sampleDraftInput());
      expect(d).toMatchObject({ subject: "Great speaking today", draftedBy: "llm:gpt-test" });
      expect(s.requests).toHaveLength(1);
    });
  }

  it("azure: the key goes in the api-key header, chosen by the host; a key sent as a bearer is refused", async () => {
    const s = await standIn({ shape: "azure" });
    // the host decides the header: an Azure OpenAI host, and any other
    const azure = loadConfig({
      LLM_API: "openai",
      LLM_BASE_URL: "https://baton-test.openai.azure.com/openai/v1/",
      LLM_MODEL: "gpt-test",
    }).llm;
    expect(azure?.keyHeader).toBe("api-key");
    expect(configOf(s).keyHeader).toBe("authorization");
    // the stand-in listens on 127.0.0.1: the Azure host's header is given as config.ts gives it
    const d = await new LlmDrafter({ ...configOf(s), keyHeader: "api-key" }, once).draft(sampleDraftInput());
    expect(d.subject).toBe("Great speaking today");
    expect(s.requests[0].headers["api-key"]).toBe(s.apiKey);
    expect(s.requests[0].headers.authorization).toBeUndefined();
    const e = await new LlmDrafter(configOf(s), once).draft(sampleDraftInput()).catch((x) => x);
    expect(e.facts.reason).toMatch(/^the model API answered 401/);
  });

  it("the old habit, /v1 appended to a base that names its version, meets the service's 404", async () => {
    const s = await standIn({ shape: "gemini" });
    const e = await new LlmDrafter({ ...configOf(s), baseUrl: `${s.baseUrl}/v1` }, once)
      .draft(sampleDraftInput())
      .catch((x) => x);
    expect(e).toMatchObject({ code: "DRAFTER_FAILED" });
    expect(e.facts.reason).toMatch(
      /^the model API answered 404: invalid_request_error: Unknown request URL: POST \/v1beta\/openai\/v1\/chat/,
    );
  });

  it("a base with no version (what Baton once completed with /v1) stops the start, saying what to write", () => {
    const env = { LLM_API: "openai", LLM_MODEL: "gpt-test" };
    expect(() => loadConfig({ ...env, LLM_BASE_URL: "https://api.openai.com" })).toThrow(
      /LLM_BASE_URL=https:\/\/api.openai.com names no API version: .* e\.g\. https:\/\/api\.openai\.com\/v1/,
    );
    expect(() => loadConfig({ ...env, LLM_BASE_URL: "http://127.0.0.1:11434/" })).toThrow(
      /names no API version/,
    );
    expect(() => loadConfig({ ...env, LLM_BASE_URL: "localhost:11434" })).toThrow(/must be an http\(s\) URL/);
    expect(loadConfig({ ...env, LLM_BASE_URL: "http://127.0.0.1:11434/v1" }).llm?.baseUrl).toBe(
      "http://127.0.0.1:11434/v1",
    );
    // the Messages API's base is unchanged (the SDK appends /v1/messages)
    expect(loadConfig({ LLM_BASE_URL: "https://api.anthropic.com" }).llm?.api).toBe("anthropic");
  });
});

describe("the output limit: max_completion_tokens, or max_tokens where the server knows only that", () => {
  it("a reasoning model takes max_completion_tokens and refuses max_tokens with OpenAI's own error", async () => {
    const s = await standIn({ reasoning: true });
    expect((await new LlmDrafter(configOf(s), once).draft(sampleDraftInput())).subject).toBe(
      "Great speaking today",
    );
    expect(s.requests[0].body.max_completion_tokens).toBe(1024);
    const old = configOf(s, { LLM_MAX_TOKENS_FIELD: "max_tokens" });
    const e = await new LlmDrafter(old, once).draft(sampleDraftInput()).catch((x) => x);
    expect(e.facts.reason).toBe(
      "the model API answered 400: unsupported_parameter: Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
    );
  });

  it("Ollama: LLM_MAX_TOKENS_FIELD=max_tokens sends the field it documents; anything else is refused at start", async () => {
    const s = await standIn({ shape: "ollama" });
    const config = configOf(s, { LLM_MAX_TOKENS_FIELD: "max_tokens" });
    await new LlmDrafter(config, once).draft(sampleDraftInput());
    expect(s.requests[0].body.max_tokens).toBe(1024);
    expect(s.requests[0].body.max_completion_tokens).toBeUndefined();
    expect(s.requests[0].headers.authorization).toBeUndefined();
    expect(() => configOf(s, { LLM_MAX_TOKENS_FIELD: "max_output_tokens" })).toThrow(
      /LLM_MAX_TOKENS_FIELD must be max_completion_tokens or max_tokens/,
    );
  });
});

describe("structured output: response_format json_schema, strict", () => {
  it("Baton's two schemas pass strict mode's rules; a schema that breaks them is refused as OpenAI refuses it", async () => {
    expect(strictSchemaProblem("outreach_draft", DRAFT_SCHEMA)).toBeNull();
    expect(strictSchemaProblem("reply_reading", REPLY_ANSWER_SCHEMA)).toBeNull();
    const s = await standIn();
    const client = createLlmClient(configOf(s), once);
    const loose = { type: "object", properties: { a: { type: "string" } }, required: ["a"] };
    const e = await client
      .complete({ system: "s", user: "u", maxTokens: 5, jsonSchema: { name: "loose", schema: loose } })
      .catch((x) => x);
    expect(e).toMatchObject({ kind: "http", status: 400 });
    expect(e.message).toContain("'additionalProperties' is required to be supplied and to be false");
    const partial = { ...loose, additionalProperties: false, properties: { a: {}, b: {} } };
    const p = await client
      .complete({ system: "s", user: "u", maxTokens: 5, jsonSchema: { name: "partial", schema: partial } })
      .catch((x) => x);
    expect(p.message).toContain("Missing 'b'");
  });
});

describe("a refusal, or an answer cut at the token limit, is said as such", () => {
  const half = '{"subject": "Great speaking today", "body": "Hi Dana,\\n\\nThanks for';

  it("the client: kind refused or truncated, never the cut text", async () => {
    const s = await standIn();
    const client = createLlmClient(configOf(s), once);
    const prompt = { system: "s", user: "u", maxTokens: 50 };
    s.reply = () => ({ content: null, refusal: "I can't help with that request." });
    const r = await client.complete(prompt).catch((x) => x);
    expect(r).toBeInstanceOf(LlmCallError);
    expect(r).toMatchObject({
      kind: "refused",
      message: "the model refused: I can't help with that request.",
    });
    s.reply = () => ({ content: half, finish_reason: "length" });
    const t = await client.complete(prompt).catch((x) => x);
    expect(t).toMatchObject({
      kind: "truncated",
      message: `the model's answer was cut at the 50-token limit (max_completion_tokens; finish_reason "length")`,
    });
    s.reply = () => ({ content: "", finish_reason: "content_filter" });
    expect(await client.complete(prompt).catch((x) => x)).toMatchObject({ kind: "refused" });
    // no retry: the same question gets the same answer
    expect(s.requests).toHaveLength(3);
  });

  it("the drafter ends the task visibly: the template's draft under a line saying why, held for a person", async () => {
    const s = await standIn();
    const drafter = new LlmDrafter(configOf(s), once);
    s.reply = () => ({ content: half, finish_reason: "length" });
    const cut = await drafter.draft({ ...sampleDraftInput(), sendsWithoutReview: true });
    expect(cut.draftedBy).toBe("template (llm:gpt-test truncated)");
    expect(cut.body.split("\n")[0]).toMatch(
      /^\[DRAFT_NOT_WRITTEN \(truncated\): the llm:gpt-test drafter wrote no draft: the model's answer was cut at the 1024-token limit/,
    );
    expect(cut.body).not.toContain("Thanks for");
    // even a campaign that sends without review holds it: the line is a placeholder
    expect(hasPlaceholder(cut.body)).toBe(true);
    s.reply = () => ({ content: null, refusal: "I can't write that." });
    const refused = await drafter.draft(sampleDraftInput());
    expect(refused.draftedBy).toBe("template (llm:gpt-test refused)");
    expect(refused.body).toMatch(
      /^\[DRAFT_NOT_WRITTEN \(refused\): .*the model refused: I can't write that\./,
    );
    // a server that says "stop" over a cut object: never read as a Subject-line draft
    s.reply = () => half;
    expect((await drafter.draft(sampleDraftInput())).draftedBy).toBe("template (llm:gpt-test malformed)");
    // the working case beside them
    s.reply = () => JSON.stringify({ subject: "Hello", body: "Hi Dana" });
    expect(await drafter.draft(sampleDraftInput())).toEqual({
      subject: "Hello",
      body: "Hi Dana",
      draftedBy: "llm:gpt-test",
    });
  });

  it("the reply classifier falls back to the rules, saying refused or truncated", async () => {
    const s = await standIn();
    const classifier = new LlmReplyClassifier(configOf(s), once);
    s.reply = () => ({ content: '{"intent": "meet', finish_reason: "length" });
    expect((await classifier.classify("No thanks, we are not interested.", at)).by).toBe(
      "rules:reject.explicit (llm fallback: truncated)",
    );
    s.reply = () => ({ content: null, refusal: "No." });
    expect((await classifier.classify("No thanks, we are not interested.", at)).by).toBe(
      "rules:reject.explicit (llm fallback: refused)",
    );
  });

  it("the Messages API: stop_reason max_tokens and refusal, the same way", async () => {
    const llm = await startLlmStandIn();
    try {
      const drafter = new LlmDrafter(
        { baseUrl: llm.baseUrl, apiKey: llm.apiKey, model: "claude-test" },
        { maxRetries: 0 },
      );
      llm.reply = () => ({ text: "Subject: Hi\n\nHi Dana, thanks for", stop_reason: "max_tokens" });
      expect((await drafter.draft(sampleDraftInput())).draftedBy).toBe(
        "template (llm:claude-test truncated)",
      );
      llm.reply = () => ({ text: "", stop_reason: "refusal" });
      expect((await drafter.draft(sampleDraftInput())).draftedBy).toBe("template (llm:claude-test refused)");
      llm.reply = () => ({ text: "Subject: Hi\n\nHi Dana.", stop_reason: "end_turn" });
      expect(await drafter.draft(sampleDraftInput())).toMatchObject({
        subject: "Hi",
        draftedBy: "llm:claude-test",
      });
    } finally {
      await llm.close();
    }
  });
});
