// OpenAI-style chat completions over plain fetch (issue 38 item 4; docs/llm.md): POST
// {LLM_BASE_URL}/v1/chat/completions with {model, messages, max_tokens, response_format}, the key
// as a bearer token when one is set. OpenAI, Ollama, vLLM, LiteLLM and most gateways speak it.
//   - each attempt has its own timeout (the body included);
//   - 429 is retried after the server's Retry-After (retry-after-ms, retry-after in seconds or an
//     HTTP date), at most maxRetryAfterMs; a longer wait fails at once, saying how long;
//   - 408, 409, 5xx, timeouts and connection errors are retried with backoff (0.5 s, 1 s, 2 s …);
//   - any other 4xx fails at once with the server's own message (a wrong key, an unknown model).
// The key never appears in an error: the server's message is cut to 300 characters and any
// echo of the key is masked.
import { LlmCallError, type LlmClient, type LlmClientOptions, type LlmConfig } from "./llm-call.ts";

const DEFAULT_MAX_RETRY_AFTER_MS = 30_000;
const MAX_BACKOFF_MS = 8_000;

/** {base}/v1/chat/completions; a base that already ends in /v1 (as OpenAI's docs write it) is taken as is. */
export function chatCompletionsUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "")}/v1/chat/completions`;
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
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (config.apiKey) headers.authorization = `Bearer ${config.apiKey}`;

  return {
    async complete(prompt) {
      const body = JSON.stringify({
        model: config.model,
        messages: [
          { role: "system", content: prompt.system },
          { role: "user", content: prompt.user },
        ],
        max_tokens: prompt.maxTokens,
        ...(prompt.jsonSchema
          ? {
              response_format: {
                type: "json_schema",
                json_schema: { name: prompt.jsonSchema.name, strict: true, schema: prompt.jsonSchema.schema },
              },
            }
          : prompt.json
            ? { response_format: { type: "json_object" } }
            : {}),
      });
      for (let attempt = 0; ; attempt++) {
        const last = attempt >= opts.maxRetries;
        let status: number;
        let text: string;
        let wait: number | undefined;
        try {
          const res = await fetch(url, {
            method: "POST",
            headers,
            body,
            signal: AbortSignal.timeout(opts.timeoutMs),
          });
          status = res.status;
          text = await res.text();
          wait = retryAfterMs(res.headers);
        } catch (e) {
          const name = (e as Error).name;
          const timedOut = name === "TimeoutError" || name === "AbortError";
          if (!last) {
            await sleep(backoff(attempt));
            continue;
          }
          const cause = (e as { cause?: { code?: string; message?: string } }).cause;
          throw new LlmCallError(
            timedOut
              ? `no answer from ${host} within ${opts.timeoutMs / 1000} s`
              : `could not reach ${host}: ${cause?.code ?? cause?.message ?? (e as Error).message}`,
            undefined,
            timedOut,
          );
        }
        if (status >= 200 && status < 300) return contentOf(text, host);
        const delay = status === 429 || status === 503 ? (wait ?? backoff(attempt)) : backoff(attempt);
        if (retryable(status) && !last && delay <= maxWait) {
          await sleep(delay);
          continue;
        }
        const words = serverMessage(text, config.apiKey);
        const asked =
          status === 429 && wait !== undefined && wait > maxWait
            ? ` and asks to wait ${Math.ceil(wait / 1000)} s, longer than the ${maxWait / 1000} s Baton waits`
            : "";
        throw new LlmCallError(
          `the model API answered ${status}${asked}${words ? `: ${words}` : ""}`,
          status,
        );
      }
    },
  };
}

/** choices[0].message.content of a chat completion. */
function contentOf(text: string, host: string): string {
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    throw new LlmCallError(`${host} answered 200 with a body that is not JSON`);
  }
  const content = body?.choices?.[0]?.message?.content;
  if (typeof content !== "string")
    throw new LlmCallError(`${host} answered 200 without choices[0].message.content`);
  return content;
}
