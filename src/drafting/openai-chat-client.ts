// OpenAI-style chat completions over plain fetch (issue 38 item 4, issue 58 Deliver 6; docs/llm.md),
// on the OpenAI SDK's conventions: the base URL includes the API version and the client never adds
// one (OPENAI_BASE_URL's default is https://api.openai.com/v1), so a request goes to
// {LLM_BASE_URL}/chat/completions: OpenAI's /v1, Gemini's /v1beta/openai, Azure's /openai/v1 and
// Ollama's /v1 alike. The body is {model, messages, max_completion_tokens, response_format}:
// max_completion_tokens because OpenAI's reasoning models refuse max_tokens (400
// unsupported_parameter); Ollama documents only max_tokens, so the field is a setting
// (LLM_MAX_TOKENS_FIELD). Structured output is response_format json_schema, strict.
//   - each attempt has its own timeout (the body included);
//   - 429 is retried after the server's Retry-After (retry-after-ms, retry-after in seconds or an
//     HTTP date), at most maxRetryAfterMs; a longer wait fails at once, saying how long;
//   - 408, 409, 5xx, timeouts and connection errors are retried with backoff (0.5 s, 1 s, 2 s …);
//   - any other 4xx fails at once with the server's own message (a wrong key, an unknown model);
//   - a 200 whose message is a refusal, or whose finish_reason is "length" or "content_filter",
//     fails as `refused` or `truncated`: the cut text is never handed on as an answer.
// The key never appears in an error: the server's message is cut to 300 characters and any
// echo of the key is masked.
import { LlmCallError, type LlmClient, type LlmClientOptions, type LlmConfig } from "./llm-call.ts";

const DEFAULT_MAX_RETRY_AFTER_MS = 30_000;
const MAX_BACKOFF_MS = 8_000;

/** {base}/chat/completions: the base names the version (…/v1, …/v1beta/openai, …/openai/v1), as in the OpenAI SDK. */
export function chatCompletionsUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/chat/completions`;
}

/** {base}/models ("List models"), for `baton doctor`. */
export function modelsUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/models`;
}

/**
 * The key's header: a bearer token, or Azure OpenAI's `api-key` (config.ts chooses by the host);
 * none when no key is set (Ollama, a local vLLM).
 */
export function authHeaders(config: Pick<LlmConfig, "apiKey" | "keyHeader">): Record<string, string> {
  if (!config.apiKey) return {};
  return config.keyHeader === "api-key"
    ? { "api-key": config.apiKey }
    : { authorization: `Bearer ${config.apiKey}` };
}

/** The wait a 429 or 503 asks for, in ms, or undefined when it names none. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = Number(headers.get("retry-after-ms"));
  if (headers.get("retry-after-ms") && Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers.get("retry-after");
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const backoff = (attempt: number) => Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt);
const retryable = (status: number) => status === 429 || status === 408 || status === 409 || status >= 500;

/** The server's own words about an error ({"error": {"message", "type", "code"}} or text), masked. */
function serverMessage(text: string, apiKey: string): string {
  let message = text.trim();
  try {
    const body = JSON.parse(text);
    const e = body?.error;
    message =
      typeof e === "string"
        ? e
        : [e?.code ?? e?.type, e?.message ?? body?.message].filter((x) => typeof x === "string").join(": ");
  } catch {
    // not JSON: the text as it came
  }
  if (apiKey) message = message.split(apiKey).join("***");
  return message.replace(/\s+/g, " ").slice(0, 300);
}

export function openAiChatClient(config: LlmConfig, opts: LlmClientOptions): LlmClient {
  const url = chatCompletionsUrl(config.baseUrl);
  const host = new URL(url).host;
  const maxWait = opts.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json",
    ...authHeaders(config),
  };
  const tokensField = config.maxTokensField ?? "max_completion_tokens";
  const wait = opts.sleep ?? sleep;

  return {
    async complete(prompt) {
      const body = JSON.stringify({
        model: config.model,
        messages: [
          { role: "system", content: prompt.system },
          { role: "user", content: prompt.user },
        ],
        [tokensField]: prompt.maxTokens,
        ...(prompt.jsonSchema
          ? {
              response_format: {
                type: "json_schema",
                json_schema: { name: prompt.jsonSchema.name, strict: true, schema: prompt.jsonSchema.schema },
              },
            }
          : {}),
      });
      for (let attempt = 0; ; attempt++) {
        const last = attempt >= opts.maxRetries;
        let status: number;
        let text: string;
        let asks: number | undefined;
        try {
          const res = await fetch(url, {
            method: "POST",
            headers,
            body,
            signal: AbortSignal.timeout(opts.timeoutMs),
          });
          status = res.status;
          text = await res.text();
          asks = retryAfterMs(res.headers);
        } catch (e) {
          const name = (e as Error).name;
          const timedOut = name === "TimeoutError" || name === "AbortError";
          if (!last) {
            await wait(backoff(attempt));
            continue;
          }
          const cause = (e as { cause?: { code?: string; message?: string } }).cause;
          throw timedOut
            ? new LlmCallError(`no answer from ${host} within ${opts.timeoutMs / 1000} s`, "timeout")
            : new LlmCallError(
                `could not reach ${host}: ${cause?.code ?? cause?.message ?? (e as Error).message}`,
                "unreachable",
              );
        }
        if (status >= 200 && status < 300) return answerOf(text, host, prompt.maxTokens, tokensField);
        const delay = status === 429 || status === 503 ? (asks ?? backoff(attempt)) : backoff(attempt);
        if (retryable(status) && !last && delay <= maxWait) {
          await wait(delay);
          continue;
        }
        const words = serverMessage(text, config.apiKey);
        const asked =
          status === 429 && asks !== undefined && asks > maxWait
            ? ` and asks to wait ${Math.ceil(asks / 1000)} s, longer than the ${maxWait / 1000} s Baton waits`
            : "";
        throw new LlmCallError(
          `the model API answered ${status}${asked}${words ? `: ${words}` : ""}`,
          "http",
          status,
        );
      }
    },
  };
}

/**
 * choices[0].message.content of a chat completion, or why there is none to use: a `refusal` (the
 * structured-outputs answer of a model that declines), finish_reason "content_filter", or
 * finish_reason "length" (the text stops at the token limit: a JSON object in it is cut).
 */
function answerOf(text: string, host: string, maxTokens: number, tokensField: string): string {
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    throw new LlmCallError(`${host} answered 200 with a body that is not JSON`, "malformed");
  }
  const choice = body?.choices?.[0];
  const refusal = choice?.message?.refusal;
  if (typeof refusal === "string" && refusal.trim())
    throw new LlmCallError(`the model refused: ${refusal.replace(/\s+/g, " ").slice(0, 300)}`, "refused");
  if (choice?.finish_reason === "content_filter")
    throw new LlmCallError("the model's answer was withheld by its content filter", "refused");
  if (choice?.finish_reason === "length")
    throw new LlmCallError(
      `the model's answer was cut at the ${maxTokens}-token limit (${tokensField}; finish_reason "length")`,
      "truncated",
    );
  const content = choice?.message?.content;
  if (typeof content !== "string")
    throw new LlmCallError(`${host} answered 200 without choices[0].message.content`, "malformed");
  return content;
}
