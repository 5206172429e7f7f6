// A local stand-in for OpenAI-style chat completions ({base}/chat/completions, {base}/models), in
// the base URL shapes of the services Baton is pointed at, each refusing what the real one refuses:
//   - openai: base …/v1, `Authorization: Bearer <key>` (platform.openai.com/docs/api-reference);
//   - gemini: base …/v1beta/openai (ai.google.dev/gemini-api/docs/openai), a bearer key;
//   - azure: base …/openai/v1 (learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle),
//     the key in the `api-key` header; a bearer is for Microsoft Entra tokens, so a key sent as one
//     is refused (learn.microsoft.com/azure/ai-foundry/openai/reference, "Authentication");
//   - ollama: base …/v1 (docs.ollama.com/api/openai-compatibility), no key; its documented request
//     fields name max_tokens and not max_completion_tokens, which it ignores as it ignores any field
//     it does not know (the stand-in records which limit it honoured).
// Any other path is 404, as on each service. The contract they share: a `chat.completion` object
// with `choices[0].message` ({content, refusal}) and `finish_reason`; errors as {"error": {"message",
// "type", "param", "code"}}; `response_format` json_object (needs the word JSON in the messages) or
// json_schema, which with strict: true needs every object to list all its properties in `required`
// and to set additionalProperties: false (OpenAI's "Structured Outputs", "Supported schemas"). A
// `reasoning` model refuses max_tokens with OpenAI's own error (400; the body as users of o1,
// gpt-5 and Azure's gpt-5.1 report it, e.g. github.com/ITSpecialist111/ai_automation_suggester/
// issues/38: type invalid_request_error, param max_tokens, code unsupported_parameter).
// Failures and slow answers can be injected.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ChatRequest {
  headers: http.IncomingHttpHeaders;
  body: any;
  at: number;
}

export interface Failure {
  status: number;
  /** Sent as the Retry-After header (seconds, or an HTTP date). */
  retryAfter?: string;
}

/** What the model answers: its text, or a whole message (a refusal, an answer cut at the limit). */
export type ModelAnswer = string | { content: string | null; refusal?: string; finish_reason?: string };

export type ServiceShape = "openai" | "gemini" | "azure" | "ollama";

export interface OpenAiStandIn {
  /** The base URL as the service documents it, version included (what LLM_BASE_URL is set to). */
  baseUrl: string;
  apiKey: string;
  requests: ChatRequest[];
  /** The next N requests fail so. */
  failNext(failure: Failure, times?: number): void;
  /** The next N requests are answered only after this many ms. */
  delayNext(ms: number, times?: number): void;
  /** What the model answers (default: a fixed email draft as JSON when JSON is asked, else text). */
  reply: (req: ChatRequest) => ModelAnswer;
  close(): Promise<void>;
}

export interface StandInOptions {
  shape?: ServiceShape;
  apiKey?: string;
  models?: string[];
  /** A reasoning model: max_tokens is refused (use max_completion_tokens). */
  reasoning?: boolean;
}

const PREFIX: Record<ServiceShape, string> = {
  openai: "/v1",
  gemini: "/v1beta/openai",
  azure: "/openai/v1",
  ollama: "/v1",
};

const ERRORS: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: "invalid_request_error", code: null, message: "Invalid request" },
  401: {
    type: "invalid_request_error",
    code: "invalid_api_key",
    message: "Incorrect API key provided: wr***ng. You can find your API key at your dashboard.",
  },
  404: { type: "invalid_request_error", code: "model_not_found", message: "The model does not exist" },
  429: { type: "requests", code: "rate_limit_exceeded", message: "Rate limit reached for requests" },
  500: {
    type: "server_error",
    code: null,
    message: "The server had an error while processing your request.",
  },
  503: { type: "server_error", code: null, message: "The engine is currently overloaded." },
};

/** A fixed email draft: a JSON object when JSON is asked, else "Subject: …" and the body. */
export function defaultReply(req: { body: any }): string {
  const type = req.body.response_format?.type;
  return type === "json_object" || type === "json_schema"
    ? JSON.stringify({
        subject: "Great speaking today",
        body: "Hi Dana,\n\nThanks for the time today.\n\nJustin",
      })
    : "Subject: Great speaking today\n\nHi Dana,\n\nThanks for the time today.\n\nJustin";
}

/**
 * What strict structured outputs refuse in a schema (OpenAI "Supported schemas": every object sets
 * additionalProperties false and lists every property in required), as OpenAI words it; or null.
 */
export function strictSchemaProblem(name: string, schema: any, context: string[] = []): string | null {
  const where = `Invalid schema for response_format '${name}': In context=(${context.map((c) => `'${c}'`).join(", ")})`;
  if (schema && typeof schema === "object" && (schema.type === "object" || schema.properties)) {
    if (schema.additionalProperties !== false)
      return `${where}, 'additionalProperties' is required to be supplied and to be false.`;
    const keys = Object.keys(schema.properties ?? {});
    const required: string[] = Array.isArray(schema.required) ? schema.required : [];
    const missing = keys.find((k) => !required.includes(k));
    if (missing)
      return `${where}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing}'.`;
    for (const k of keys) {
      const p = strictSchemaProblem(name, schema.properties[k], [...context, "properties", k]);
      if (p) return p;
    }
  }
  for (const alt of [...(schema?.anyOf ?? []), ...(schema?.items ? [schema.items] : [])]) {
    const p = strictSchemaProblem(name, alt, context);
    if (p) return p;
  }
  return null;
}

/** Why the request is refused (status and message), or null. */
function refusalOf(body: any, opts: Required<Pick<StandInOptions, "reasoning" | "models">>) {
  if (typeof body?.model !== "string" || !Array.isArray(body.messages) || body.messages.length === 0)
    return { status: 400, message: "model and messages are required" };
  if (!opts.models.includes(body.model))
    return { status: 404, message: `The model \`${body.model}\` does not exist` };
  if (opts.reasoning && body.max_tokens !== undefined)
    return {
      status: 400,
      param: "max_tokens",
      code: "unsupported_parameter",
      message:
        "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
    };
  const rf = body.response_format;
  if (rf?.type === "json_object" && !body.messages.some((m: any) => /json/i.test(String(m.content))))
    return {
      status: 400,
      message:
        "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
    };
  if (rf?.type === "json_schema") {
    const js = rf.json_schema;
    if (typeof js?.name !== "string" || !/^[a-zA-Z0-9_-]{1,64}$/.test(js.name))
      return {
        status: 400,
        param: "response_format.json_schema.name",
        message: "Invalid 'response_format.json_schema.name'.",
      };
    const problem = js.strict === true ? strictSchemaProblem(js.name, js.schema) : null;
    if (problem) return { status: 400, param: "response_format", message: problem };
  }
  return null;
}

export async function startOpenAiStandIn(options: StandInOptions = {}): Promise<OpenAiStandIn> {
  const shape = options.shape ?? "openai";
  const apiKey = options.apiKey ?? (shape === "ollama" ? "" : "sk-test-key");
  const models = options.models ?? ["gpt-test"];
  const prefix = PREFIX[shape];
  const failures: Failure[] = [];
  const delays: number[] = [];
  const stand: OpenAiStandIn = {
    baseUrl: "",
    apiKey,
    requests: [],
    failNext(failure, times = 1) {
      for (let i = 0; i < times; i++) failures.push(failure);
    },
    delayNext(ms, times = 1) {
      for (let i = 0; i < times; i++) delays.push(ms);
    },
    reply: defaultReply,
    close: async () => {},
  };
  const authorized = (h: http.IncomingHttpHeaders) =>
    shape === "ollama" ||
    (shape === "azure" ? h["api-key"] === apiKey : h.authorization === `Bearer ${apiKey}`);
  let n = 0;
  const sockets = new Set<import("node:net").Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const error = (
        status: number,
        message?: string,
        headers: Record<string, string> = {},
        extra: { param?: string; code?: string } = {},
      ) => {
        const e = ERRORS[status] ?? { type: "server_error", code: null, message: "error" };
        res.writeHead(status, {
          "content-type": "application/json",
          "x-request-id": `req_${++n}`,
          ...headers,
        });
        res.end(
          JSON.stringify({
            error: {
              message: message ?? e.message,
              type: e.type,
              param: extra.param ?? null,
              code: extra.code ?? (message && status !== 401 ? null : e.code),
            },
          }),
        );
      };
      if (req.method === "GET" && req.url === `${prefix}/models`) {
        if (!authorized(req.headers)) return error(401);
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(
          JSON.stringify({
            object: "list",
            data: models.map((id) => ({ id, object: "model", created: 1_700_000_000, owned_by: "stand-in" })),
          }),
        );
      }
      if (req.method !== "POST" || req.url !== `${prefix}/chat/completions`)
        return error(404, `Unknown request URL: ${req.method} ${req.url}`);
      let body: any;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return error(400, "We could not parse the JSON body of your request.");
      }
      const r: ChatRequest = { headers: req.headers, body, at: Date.now() };
      stand.requests.push(r);
      if (!authorized(req.headers)) return error(401);
      const refused = refusalOf(body, { reasoning: options.reasoning ?? false, models });
      if (refused) return error(refused.status, refused.message, {}, refused);
      const answer = () => {
        const failure = failures.shift();
        if (failure)
          return error(
            failure.status,
            undefined,
            failure.retryAfter ? { "retry-after": failure.retryAfter } : {},
          );
        const a = stand.reply(r);
        const m = typeof a === "string" ? { content: a } : a;
        const content = m.content ?? null;
        res.writeHead(200, { "content-type": "application/json", "x-request-id": `req_${++n}` });
        res.end(
          JSON.stringify({
            id: `chatcmpl-${n}`,
            object: "chat.completion",
            created: Math.floor(Date.now() / 1000),
            model: body.model,
            choices: [
              {
                index: 0,
                message: { role: "assistant", content, refusal: m.refusal ?? null },
                finish_reason: m.finish_reason ?? "stop",
                logprobs: null,
              },
            ],
            usage: {
              prompt_tokens: 100,
              completion_tokens: content?.length ?? 0,
              total_tokens: 100 + (content?.length ?? 0),
            },
          }),
        );
      };
      const delay = delays.shift();
      if (delay) setTimeout(() => (res.destroyed ? undefined : answer()), delay);
      else answer();
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  stand.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}`;
  stand.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return stand;
}
