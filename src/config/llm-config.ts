// The LLM behind the drafter and the reply classifier (docs/llm.md): the LLM_* variables read and
// checked for loadConfig (config.ts). Absent LLM_BASE_URL: no LLM.
import { ConfigError } from "./config-error.ts";

export const LLM_APIS = ["anthropic", "openai"] as const;
export type LlmApi = (typeof LLM_APIS)[number];
/** The chat-completions field of the output limit (docs/llm.md): OpenAI's current one, or Ollama's. */
export const LLM_MAX_TOKENS_FIELDS = ["max_completion_tokens", "max_tokens"] as const;
export type LlmMaxTokensField = (typeof LLM_MAX_TOKENS_FIELDS)[number];

/**
 * The LLM behind the drafter and the reply classifier (docs/llm.md): `api` is the protocol,
 * Anthropic's Messages API or OpenAI-style chat completions (LLM_API; absent: anthropic);
 * `maxTokensField` the chat-completions name of the output limit (absent: max_completion_tokens),
 * `keyHeader` the header that carries the key to a chat-completions server (absent: authorization).
 */
export interface LlmConfig {
  api?: LlmApi;
  baseUrl: string;
  apiKey: string;
  model: string;
  maxTokensField?: LlmMaxTokensField;
  keyHeader?: "authorization" | "api-key";
}

export function llmConfig(env: NodeJS.ProcessEnv): LlmConfig | undefined {
  if (!env.LLM_BASE_URL) return undefined;
  const api = (env.LLM_API || "anthropic").toLowerCase();
  if (!(LLM_APIS as readonly string[]).includes(api))
    throw new ConfigError(`LLM_API must be ${LLM_APIS.join(" or ")}; got "${env.LLM_API}"`);
  // an OpenAI-style server (Ollama, vLLM, a gateway) has no model every server knows: name it
  if (api === "openai" && !env.LLM_MODEL)
    throw new ConfigError("LLM_API=openai needs LLM_MODEL: the model name your server serves (docs/llm.md)");
  const field = env.LLM_MAX_TOKENS_FIELD || "max_completion_tokens";
  if (!(LLM_MAX_TOKENS_FIELDS as readonly string[]).includes(field))
    throw new ConfigError(
      `LLM_MAX_TOKENS_FIELD must be ${LLM_MAX_TOKENS_FIELDS.join(" or ")}; got "${env.LLM_MAX_TOKENS_FIELD}"`,
    );
  const base = api === "openai" ? openAiBaseUrl(env.LLM_BASE_URL) : undefined;
  return {
    api: api as LlmApi,
    baseUrl: env.LLM_BASE_URL,
    apiKey: env.LLM_API_KEY || "",
    model: env.LLM_MODEL || "claude-sonnet-4-5",
    ...(base
      ? {
          maxTokensField: field as LlmMaxTokensField,
          keyHeader: AZURE_OPENAI_HOST.test(base.hostname)
            ? ("api-key" as const)
            : ("authorization" as const),
        }
      : {}),
  };
}

/**
 * Azure OpenAI's hosts take the key in an `api-key` header: "all API requests must include the API
 * Key in the api-key HTTP header"; Authorization: Bearer is for Microsoft Entra tokens (Azure OpenAI
 * REST reference, "Authentication", https://learn.microsoft.com/azure/ai-foundry/openai/reference).
 * Every other chat-completions server (OpenAI, Gemini, Ollama, vLLM, gateways) takes a bearer token.
 */
const AZURE_OPENAI_HOST = /\.(openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com)$/i;

/**
 * An OpenAI-style base URL names its API version, as the OpenAI SDK's does (…/v1, Gemini's
 * …/v1beta/openai, Azure's …/openai/v1): Baton sends to {base}/chat/completions and adds nothing.
 * Before issue 58 Baton appended /v1 to a base without it; such a base (no path) now stops the
 * start, saying what to write, instead of every draft failing with a 404 (docs/llm.md "Upgrading").
 */
function openAiBaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`LLM_BASE_URL must be an http(s) URL; got "${raw}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new ConfigError(`LLM_BASE_URL must be an http(s) URL; got "${raw}"`);
  if (url.pathname.replace(/\/+$/, "") === "")
    throw new ConfigError(
      `LLM_BASE_URL=${raw} names no API version: with LLM_API=openai Baton sends to {LLM_BASE_URL}/chat/completions ` +
        `and no longer appends /v1 (the OpenAI SDK's convention). Write it with the version, e.g. ${url.origin}/v1 (docs/llm.md)`,
    );
  return url;
}
