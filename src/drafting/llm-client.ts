// One way to reach the configured LLM, for the drafter and the reply classifier alike (docs/llm.md).
// LLM_API chooses the protocol: Anthropic's Messages API through its SDK (loaded on first use, not
// at every start: about 250 modules), or OpenAI-style chat completions over plain fetch
// (openai-chat-client.ts), which OpenAI, Gemini, Azure OpenAI, Ollama, vLLM and most gateways speak.
// Either way a call is a system prompt and one user message in, the model's text out, or an
// LlmCallError that says what went wrong and its kind (an HTTP status, a timeout, an unreachable
// host, a refusal, an answer cut at the token limit). A prompt's JSON schema is honoured on both:
// here as Anthropic's structured outputs (output_config.format json_schema, generally available, no
// beta header), there as response_format json_schema. An API error keeps Anthropic's own words:
// its error type and message ({"type":"error","error":{"type","message"}}), cut to 300 characters,
// any echo of the key masked.
import type Anthropic from "@anthropic-ai/sdk";
import { inSpan } from "../tracing/index.ts";
import {
  LlmCallError,
  type LlmClient,
  type LlmClientOptions,
  type LlmConfig,
  type LlmFailure,
  type LlmPrompt,
} from "./llm-call.ts";
import { openAiChatClient } from "./openai-chat-client.ts";

export type { LlmClient, LlmClientOptions, LlmConfig, LlmFailure, LlmPrompt };
export { LlmCallError };

/**
 * The client of config.llm's API, counted into opts.metrics when given, and each call a CLIENT span
 * when tracing is on (issue 71 item 4): the operation, provider, model, server and purpose, the
 * outcome or the failure's kind; never the prompt or the answer.
 */
export function createLlmClient(config: LlmConfig, opts: LlmClientOptions): LlmClient {
  const provider = config.api === "openai" ? "openai" : "anthropic";
  const client = provider === "openai" ? openAiChatClient(config, opts) : anthropicClient(config, opts);
  const metrics = opts.metrics;
  // bounded labels: purpose a fixed word per caller, provider one of two, outcome ok or a failure kind
  const labels = { purpose: opts.purpose ?? "other", provider };
  const attributes = {
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": provider,
    "gen_ai.request.model": config.model,
    "server.address": hostOf(config.baseUrl),
    "baton.kind": labels.purpose,
  };
  return {
    complete: (prompt) =>
      inSpan(
        `chat ${config.model}`,
        attributes,
        async (span) => {
          const started = performance.now();
          let outcome: "ok" | LlmFailure = "ok";
          try {
            return await client.complete(prompt);
          } catch (e) {
            outcome = e instanceof LlmCallError ? e.kind : "unreachable";
            throw e;
          } finally {
            span.set({ "baton.outcome": outcome });
            metrics?.inc("baton_llm_calls_total", { ...labels, outcome });
            metrics?.observe("baton_llm_call_duration_seconds", (performance.now() - started) / 1000, labels);
          }
        },
        "client",
      ),
  };
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/** Anthropic's Messages API; the SDK retries 429, 5xx and connection errors with its own backoff. */
function anthropicClient(config: LlmConfig, opts: LlmClientOptions): LlmClient {
  let client: Promise<Anthropic> | undefined;
  return {
    async complete(prompt) {
      client ??= import("@anthropic-ai/sdk").then(
        ({ default: Sdk }) =>
          new Sdk({
            apiKey: config.apiKey || "unset",
            baseURL: config.baseUrl,
            maxRetries: opts.maxRetries,
            timeout: opts.timeoutMs,
          }),
      );
      try {
        const msg = await (await client).messages.create({
          model: config.model,
          max_tokens: prompt.maxTokens,
          system: prompt.system,
          messages: [{ role: "user", content: prompt.user }],
          ...(prompt.jsonSchema
            ? {
                output_config: { format: { type: "json_schema" as const, schema: prompt.jsonSchema.schema } },
              }
            : {}),
        });
        // stop_reason "refusal" (the model declined) and "max_tokens" (cut at the limit) are
        // answers with no usable text, as chat completions' refusal and finish_reason "length"
        if (msg.stop_reason === "refusal")
          throw new LlmCallError('the model refused to answer (stop_reason "refusal")', "refused");
        if (msg.stop_reason === "max_tokens")
          throw new LlmCallError(
            `the model's answer was cut at the ${prompt.maxTokens}-token limit (stop_reason "max_tokens")`,
            "truncated",
          );
        return msg.content
          .filter((b): b is Extract<typeof b, { type: "text" }> => b.type === "text")
          .map((b) => b.text)
          .join("\n");
      } catch (e) {
        if (e instanceof LlmCallError) throw e;
        const status = (e as { status?: number }).status;
        if (status) throw new LlmCallError(anthropicErrorMessage(status, e, config.apiKey), "http", status);
        const timedOut = /timeout/i.test((e as Error).name ?? "");
        throw timedOut
          ? new LlmCallError("timeout", "timeout")
          : new LlmCallError((e as Error).message, "unreachable");
      }
    },
  };
}

/**
 * "the model API answered 400: invalid_request_error: …": the status with Anthropic's error type and
 * message from the SDK's APIError (`error` is the parsed body), masked and cut like chat completions'.
 */
export function anthropicErrorMessage(status: number, e: unknown, apiKey: string): string {
  const body = (e as { error?: { error?: { type?: unknown; message?: unknown } } }).error?.error;
  const said = [body?.type, body?.message].filter((x): x is string => typeof x === "string").join(": ");
  let message = said ? `the model API answered ${status}: ${said}` : `the model API answered ${status}`;
  if (apiKey) message = message.split(apiKey).join("***");
  return message.replace(/\s+/g, " ").slice(0, 300);
}
