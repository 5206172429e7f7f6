// What a call to the LLM is, whichever API serves it (llm-client.ts chooses): a system prompt and one
// user message in, the model's text out, or an LlmCallError saying what went wrong.
import type { Config } from "../config/config.ts";

export type LlmConfig = NonNullable<Config["llm"]>;

export interface LlmClientOptions {
  /** Retries after the first attempt, for 429, 5xx, timeouts and connection errors. */
  maxRetries: number;
  /** Per attempt. */
  timeoutMs: number;
  /** The longest Retry-After honoured; a 429 asking for more fails at once (openai; default 30 s). */
  maxRetryAfterMs?: number;
}

export interface LlmPrompt {
  system: string;
  user: string;
  maxTokens: number;
  /** Ask for one JSON object (chat completions' response_format json_object); the prompt says which. */
  json?: boolean;
  /**
   * Ask for an object of this JSON schema: chat completions' structured outputs (response_format
   * json_schema, strict). The Messages API has no such field; there the prompt says the shape.
   */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
}

export interface LlmClient {
  complete(prompt: LlmPrompt): Promise<string>;
}

/** A call that failed: `status` when the API answered, `timedOut` when it did not in time. */
export class LlmCallError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly timedOut = false,
  ) {
    super(message);
    this.name = "LlmCallError";
  }
}
