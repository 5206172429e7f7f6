// One way to reach the configured LLM (the Messages API at LLM_BASE_URL), for the drafter and the
// reply classifier alike. The SDK (about 250 modules) loads on first use, not at every start.
import type Anthropic from "@anthropic-ai/sdk";
import type { Config } from "../config/config.ts";

export type LlmConfig = NonNullable<Config["llm"]>;

export interface LlmClientOptions {
  maxRetries: number;
  timeoutMs: number;
}

/** A client made on the first call and reused after it. */
export function lazyLlmClient(config: LlmConfig, opts: LlmClientOptions): () => Promise<Anthropic> {
  let client: Promise<Anthropic> | undefined;
  return () => {
    client ??= import("@anthropic-ai/sdk").then(
      ({ default: Sdk }) =>
        new Sdk({
          apiKey: config.apiKey || "unset",
          baseURL: config.baseUrl,
          maxRetries: opts.maxRetries,
          timeout: opts.timeoutMs,
        }),
    );
    return client;
  };
}
