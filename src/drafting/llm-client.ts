// One way to reach the configured LLM, for the drafter and the reply classifier alike (docs/llm.md).
// LLM_API chooses the protocol: Anthropic's Messages API through its SDK (loaded on first use, not
// at every start: about 250 modules), or OpenAI-style chat completions over plain fetch
// (openai-chat-client.ts), which OpenAI, Gemini, Azure OpenAI, Ollama, vLLM and most gateways speak.
// Either way a call is a system prompt and one user message in, the model's text out, or an
// LlmCallError that says what went wrong and its kind (an HTTP status, a timeout, an unreachable
// host, a refusal, an answer cut at the token limit).
import type Anthropic from "@anthropic-ai/sdk";
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

/** The client of config.llm's API, counted into opts.metrics when given. */
export function createLlmClient(config: LlmConfig, opts: LlmClientOptions): LlmClient {
  const provider = config.api === "openai" ? "openai" : "anthropic";
  const client = provider === "openai" ? openAiChatClient(config, opts) : anthropicClient(config, opts);
  const metrics = opts.metrics;
  if (!metrics) return client;
  // bounded labels: purpose a fixed word per caller, provider one of two, outcome ok or a failure kind
  const labels = { purpose: opts.purpose ?? "other", provider };
  return {
    async complete(prompt) {
      const started = performance.now();
      let outcome: "ok" | LlmFailure = "ok";
      try {
        return await client.complete(prompt);
      } catch (e) {
        outcome = e instanceof LlmCallError ? e.kind : "unreachable";
        throw e;
      } finally {
        metrics.inc("baton_llm_calls_total", { ...labels, outcome });
        metrics.observe("baton_llm_call_duration_seconds", (performance.now() - started) / 1000, labels);
      }
    },
  };
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
        if (status) throw new LlmCallError(`the model API answered ${status}`, "http", status);
        const timedOut = /timeout/i.test((e as Error).name ?? "");
        throw timedOut
          ? new LlmCallError("timeout", "timeout")
          : new LlmCallError((e as Error).message, "unreachable");
      }
    },
  };
}
