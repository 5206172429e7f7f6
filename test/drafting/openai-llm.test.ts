// LLM_API=openai (issue 38 item 4): the drafter and the reply classifier over OpenAI-style chat
// completions (plain fetch, src/drafting/openai-chat-client.ts) against a local stand-in of the
// documented contract: success, structured output, 401, 429 with Retry-After (honoured, and
// bounded), 500, and a server that does not answer in time. The base URL shapes, the token limit's
// field, refusals and answers cut at the limit: openai-conventions.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { createDrafter } from "../../src/drafting/create-drafter.ts";
import { sampleDraftInput } from "../../src/drafting/drafting-fixtures.ts";
import { createLlmClient, LlmCallError, type LlmConfig } from "../../src/drafting/llm-client.ts";
import { DRAFT_SCHEMA, LlmDrafter } from "../../src/drafting/llm-drafter.ts";
import { chatCompletionsUrl, retryAfterMs } from "../../src/drafting/openai-chat-client.ts";
import { createReplyClassifier } from "../../src/replies/create-classifier.ts";
import {
  LlmReplyClassifier,
  REPLY_ANSWER_SCHEMA,
  REPLY_CLASSIFIER_PROMPT,
} from "../../src/replies/llm-classifier.ts";
import { defaultReply, type OpenAiStandIn, startOpenAiStandIn } from "../support/openai-stand-in.ts";

let llm: OpenAiStandIn;
let config: LlmConfig;
const at = new Date("2026-02-25T15:30:00Z");

beforeAll(async () => {
  llm = await startOpenAiStandIn();
  config = { api: "openai", baseUrl: llm.baseUrl, apiKey: llm.apiKey, model: "gpt-test" };
});
afterAll(() => llm.close());
beforeEach(() => {
  llm.requests.length = 0;
  llm.reply = defaultReply;
});

describe("config", () => {
  it("LLM_API chooses the protocol; openai needs a model; anything else is refused", () => {
    const env = { LLM_BASE_URL: "http://localhost:11434/v1", LLM_API: "openai", LLM_MODEL: "llama3.1" };
    expect(loadConfig(env).llm).toEqual({
      api: "openai",
      baseUrl: env.LLM_BASE_URL,
      apiKey: "",
      model: "llama3.1",
      maxTokensField: "max_completion_tokens",
      keyHeader: "authorization",
    });
    expect(loadConfig({ LLM_BASE_URL: "https://api.anthropic.com" }).llm?.api).toBe("anthropic");
    expect(() => loadConfig({ ...env, LLM_MODEL: "" })).toThrow(/LLM_API=openai needs LLM_MODEL/);
    expect(() => loadConfig({ ...env, LLM_API: "gemini" })).toThrow(/LLM_API must be anthropic or openai/);
  });

  it("appends /chat/completions to the base and nothing else (the base names the version)", () => {
    expect(chatCompletionsUrl("https://api.openai.com/v1/")).toBe(
      "https://api.openai.com/v1/chat/completions",
    );
    expect(chatCompletionsUrl("https://generativelanguage.googleapis.com/v1beta/openai/")).toBe(
      "https://generativelanguage.googleapis.com/v1beta/openai/chat/completions",
    );
    expect(chatCompletionsUrl("https://baton.openai.azure.com/openai/v1/")).toBe(
      "https://baton.openai.azure.com/openai/v1/chat/completions",
    );
  });

  it("reads Retry-After in seconds, as a date, and retry-after-ms", () => {
    const now = Date.parse("2026-02-25T15:30:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "2" }), now)).toBe(2000);
    expect(retryAfterMs(new Headers({ "retry-after": "Wed, 25 Feb 2026 15:30:05 GMT" }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({ "retry-after-ms": "150", "retry-after": "9" }), now)).toBe(150);
    expect(retryAfterMs(new Headers({}), now)).toBeUndefined();
  });
});

describe("the drafter over chat completions", () => {
  it("sends system and user messages with the bearer key and a strict JSON schema, and reads the JSON draft", async () => {
    const drafter = createDrafter({ llm: config });
    expect(drafter.name).toBe("llm:gpt-test");
    const d = await drafter.draft(sampleDraftInput());
    expect(d).toEqual({
      subject: "Great speaking today",
      body: "Hi Dana,\n\nThanks for the time today.\n\nJustin",
      draftedBy: "llm:gpt-test",
    });
    expect(llm.requests).toHaveLength(1);
    const { headers, body } = llm.requests[0];
    expect(headers.authorization).toBe(`Bearer ${llm.apiKey}`);
    expect(body.model).toBe("gpt-test");
    expect(body.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "outreach_draft", strict: true, schema: DRAFT_SCHEMA },
    });
    expect(body.max_completion_tokens).toBe(1024);
    expect(body.max_tokens).toBeUndefined();
    expect(body.messages.map((m: { role: string }) => m.role)).toEqual(["system", "user"]);
    expect(body.messages[0].content).toContain("[bracketed placeholder]");
    expect(body.messages[1].content).toContain("Recipient: Dana Reyes, VP Marketing");
  });

  it("takes a draft in the Subject-line text form when the server ignores JSON mode", async () => {
    llm.reply = () => "Subject: Quick one\n\nHi Dana, a short note.\n\nJustin";
    const d = await new LlmDrafter(config).draft(sampleDraftInput());
    expect(d).toMatchObject({ subject: "Quick one", body: "Hi Dana, a short note.\n\nJustin" });
  });

  it("a refused key fails at once with the server's words (DRAFTER_FAILED), the key never shown", async () => {
    const drafter = new LlmDrafter({ ...config, apiKey: "wrong" });
    const e = await drafter.draft(sampleDraftInput()).catch((x) => x);
    expect(e).toMatchObject({ code: "DRAFTER_FAILED" });
    expect(e.facts.reason).toMatch(
      /^the model API answered 401: invalid_api_key: Incorrect API key provided/,
    );
    expect(e.facts.reason).not.toContain("wrong");
    expect(llm.requests).toHaveLength(1);
  });

  it("a 429 waits for its Retry-After, then the retry succeeds", async () => {
    llm.failNext({ status: 429, retryAfter: "1" });
    const waits: number[] = [];
    const d = await new LlmDrafter(config, { sleep: async (ms) => void waits.push(ms) }).draft(
      sampleDraftInput(),
    );
    expect(d.subject).toBe("Great speaking today");
    expect(llm.requests).toHaveLength(2);
    expect(waits).toEqual([1000]);
  });

  it("a 429 asking for longer than Baton waits fails at once, saying how long", async () => {
    llm.failNext({ status: 429, retryAfter: "3600" });
    const e = await new LlmDrafter(config).draft(sampleDraftInput()).catch((x) => x);
    expect(e.facts.reason).toMatch(
      /^the model API answered 429 and asks to wait 3600 s, longer than the 30 s/,
    );
    expect(llm.requests).toHaveLength(1);
  });

  it("a 500 is retried with backoff; when retries run out the error names the status", async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    llm.failNext({ status: 500 });
    expect((await new LlmDrafter(config, { sleep }).draft(sampleDraftInput())).subject).toBe(
      "Great speaking today",
    );
    expect(llm.requests).toHaveLength(2);
    expect(waits).toEqual([500]);
    llm.requests.length = 0;
    llm.failNext({ status: 500 }, 2);
    const e = await new LlmDrafter(config, { maxRetries: 1, sleep })
      .draft(sampleDraftInput())
      .catch((x) => x);
    expect(e.facts.reason).toMatch(/^the model API answered 500: server_error: The server had an error/);
    expect(llm.requests).toHaveLength(2);
  });

  it("no answer within the timeout: retried, then DRAFTER_FAILED saying so", async () => {
    llm.delayNext(1_000, 2);
    const e = await new LlmDrafter(config, { maxRetries: 1, timeoutMs: 200 })
      .draft(sampleDraftInput())
      .catch((x) => x);
    expect(e.facts.reason).toBe(`no answer from ${new URL(llm.baseUrl).host} within 0.2 s`);
    expect(llm.requests).toHaveLength(2);
  });

  it("an unreachable server is a clear error", async () => {
    // a port that was just free: nothing listens there
    const gone = await startOpenAiStandIn();
    await gone.close();
    const client = createLlmClient({ ...config, baseUrl: gone.baseUrl }, { maxRetries: 0, timeoutMs: 2_000 });
    const e = await client.complete({ system: "s", user: "u", maxTokens: 5 }).catch((x) => x);
    expect(e).toBeInstanceOf(LlmCallError);
    expect(e.message).toBe(`could not reach ${new URL(gone.baseUrl).host}: ECONNREFUSED`);
  });
});

describe("the reply classifier over chat completions", () => {
  const classifier = () => new LlmReplyClassifier(config, { maxRetries: 0, timeoutMs: 2_000 });

  it("asks for structured output (a strict JSON schema) and takes the model's answer", async () => {
    llm.reply = () => JSON.stringify({ intent: "meeting", confidence: 0.91, return_date: null });
    const c = await classifier().classify("Sure, Tuesday at 10am works for a call.", at);
    expect(c).toMatchObject({ intent: "meeting", confidence: 0.91, returnDate: null, by: "llm:gpt-test" });
    const body = llm.requests[0].body;
    expect(body.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "reply_reading", strict: true, schema: REPLY_ANSWER_SCHEMA },
    });
    expect(body.messages[0]).toEqual({ role: "system", content: REPLY_CLASSIFIER_PROMPT });
    expect(body.messages[1].content).toContain("Received: 2026-02-25");
  });

  it("is the classifier createReplyClassifier makes for LLM_API=openai", () => {
    expect(createReplyClassifier({ llm: config })).toBeInstanceOf(LlmReplyClassifier);
  });

  it("falls back to the rules on 401, on 500 and on a timeout, saying why", async () => {
    const reply = "No thanks, we are not interested.";
    const bad = new LlmReplyClassifier({ ...config, apiKey: "wrong" }, { maxRetries: 0 });
    expect((await bad.classify(reply, at)).by).toBe(
      "rules:reject.explicit (llm fallback: the model API answered 401)",
    );
    llm.failNext({ status: 500 });
    expect((await classifier().classify(reply, at)).by).toBe(
      "rules:reject.explicit (llm fallback: the model API answered 500)",
    );
    llm.delayNext(1_000);
    const slow = new LlmReplyClassifier(config, { maxRetries: 0, timeoutMs: 200 });
    expect((await slow.classify(reply, at)).by).toBe("rules:reject.explicit (llm fallback: timeout)");
  });

  it("a 429 beyond the classifier's 10 s bound falls back at once", async () => {
    llm.failNext({ status: 429, retryAfter: "60" });
    const c = await new LlmReplyClassifier(config).classify("No thanks, we are not interested.", at);
    expect(c.by).toBe("rules:reject.explicit (llm fallback: the model API answered 429)");
    // asked once: it did not wait the 60 s for a second attempt
    expect(llm.requests).toHaveLength(1);
  });
});
