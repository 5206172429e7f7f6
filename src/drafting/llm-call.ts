// What a call to the LLM is, whichever API serves it (llm-client.ts chooses): a system prompt and one
// user message in, the model's text out, or an LlmCallError saying what went wrong and of which kind.
import type { Config } from "../config/config.ts";
import type { Metrics } from "../metrics/index.ts";

export type LlmConfig = NonNullable<Config["llm"]>;

export interface LlmClientOptions {
  /** Retries after the first attempt, for 429, 5xx, timeouts and connection errors. */
  maxRetries: number;
  /** Per attempt. */
  timeoutMs: number;
  /** The longest Retry-After honoured; a 429 asking for more fails at once (openai; default 30 s). */
  maxRetryAfterMs?: number;
  /** How a wait between attempts is spent (openai; default a timer): tests record the waits instead. */
  sleep?: (ms: number) => Promise<void>;
  /** Where each call is counted (baton_llm_calls_total, baton_llm_call_duration_seconds); absent: nowhere. */
  metrics?: Metrics;
  /** What the call is for, the metrics' `purpose` label: a fixed word per caller. */
  purpose?: LlmPurpose;
}

/** The callers of the LLM, the metrics' `purpose` label (bounded: one word per caller). */
export type LlmPurpose = "draft" | "reply_classification";

export interface LlmPrompt {
  system: string;
  user: string;
  maxTokens: number;
  /**
   * Ask for an object of this JSON schema (every property required, additionalProperties false, no
   * numeric or length constraints: what both APIs accept): chat completions' structured outputs
   * (response_format json_schema, strict), the Messages API's (output_config.format json_schema).
   */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
}

export interface LlmClient {
  complete(prompt: LlmPrompt): Promise<string>;
}

/**
 * Why a call gave no usable text. `refused` and `truncated` are answers, not faults: the model
 * declined (a `refusal`, a content filter) or stopped at the token limit (finish_reason "length",
 * stop_reason "max_tokens"); asking again gets the same, so they are never retried, and a cut
 * JSON object is never parsed.
 */
export const LLM_FAILURES = ["http", "timeout", "unreachable", "malformed", "refused", "truncated"] as const;
export type LlmFailure = (typeof LLM_FAILURES)[number];

/** A call that failed: `status` when the API answered with an error, `kind` always. */
export class LlmCallError extends Error {
  constructor(
    message: string,
    readonly kind: LlmFailure,
    readonly status?: number,
  ) {
    super(message);
    this.name = "LlmCallError";
  }

  get timedOut(): boolean {
    return this.kind === "timeout";
  }
}
