// A local stand-in for Anthropic's Messages API (POST /v1/messages; GET /v1/models/{id}, "Get a
// Model", which 'baton doctor' uses as its cheap authenticated call), speaking the documented
// shapes the SDK expects: a `message` object with `content: [{type:"text", text}]`, and errors as
// {"type":"error","error":{"type":…,"message":…}}, and a `stop_reason` ("end_turn"; "max_tokens" when
// the answer was cut at the limit, "refusal" when the model declined: platform.claude.com/docs
// "Handling stop reasons"). Failures can be injected; they carry `retry-after-ms` so the SDK's
// retries stay fast in tests.
// Strict as the API is: a body field the Messages API does not have (response_format, an OpenAI
// habit) is a 400 invalid_request_error "…: Extra inputs are not permitted"; structured outputs are
// output_config.format {type: "json_schema", schema}, and a schema the API would refuse is refused
// (an object without additionalProperties false; numeric, length and item-count constraints, which
// structured outputs do not support). With a format the default model answers a JSON draft.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface LlmRequest {
  headers: http.IncomingHttpHeaders;
  body: any;
}

export interface LlmStandIn {
  baseUrl: string;
  apiKey: string;
  requests: LlmRequest[];
  /** The next N requests fail with this status (529 overloaded, 500, 429 …). */
  failNext(status: number, times?: number): void;
  /** What the model answers (default: a fixed email draft), and why it stopped (default end_turn). */
  reply: (req: LlmRequest) => string | { text: string; stop_reason: string };
  close(): Promise<void>;
}

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

const DEFAULT_BODY = "Hi Dana,\n\nThanks for the time today.\n\nJustin";

/** The Messages API's request fields (platform.claude.com/docs "Create a Message"). */
const MESSAGE_FIELDS = new Set([
  "model",
  "messages",
  "max_tokens",
  "system",
  "metadata",
  "stop_sequences",
  "stream",
  "temperature",
  "top_k",
  "top_p",
  "tools",
  "tool_choice",
  "thinking",
  "service_tier",
  "output_config",
  "container",
  "mcp_servers",
  "context_management",
]);
/** JSON Schema keywords structured outputs do not support. */
const UNSUPPORTED_KEYWORDS = [
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "maxItems",
  "minProperties",
  "maxProperties",
];

/** What the API would refuse in a well-formed body, as its invalid_request_error message. */
function requestRefusal(body: Record<string, unknown>): string | undefined {
  for (const k of Object.keys(body))
    if (!MESSAGE_FIELDS.has(k)) return `${k}: Extra inputs are not permitted`;
  const out = body.output_config as Record<string, unknown> | undefined;
  if (out === undefined) return undefined;
  for (const k of Object.keys(out ?? {}))
    if (k !== "format" && k !== "effort") return `output_config.${k}: Extra inputs are not permitted`;
  const format = out?.format as { type?: unknown; schema?: unknown } | undefined | null;
  if (!format) return undefined;
  if (format.type !== "json_schema") return "output_config.format.type: Input should be 'json_schema'";
  if (!format.schema || typeof format.schema !== "object")
    return "output_config.format.schema: Field required";
  return schemaRefusal(format.schema as Record<string, unknown>, "schema");
}

function schemaRefusal(s: Record<string, unknown>, at: string): string | undefined {
  for (const k of UNSUPPORTED_KEYWORDS)
    if (k in s) return `output_config.format: ${at}: '${k}' is not supported in structured outputs`;
  if (typeof s.minItems === "number" && s.minItems > 1)
    return `output_config.format: ${at}: minItems above 1 is not supported`;
  const types = Array.isArray(s.type) ? s.type : [s.type];
  if (types.includes("object") && s.additionalProperties !== false)
    return `output_config.format: ${at}: objects must set additionalProperties to false`;
  const subs: Array<[string, unknown]> = [
    ...Object.entries((s.properties as Record<string, unknown>) ?? {}).map(
      ([k, v]) => [`${at}.${k}`, v] as [string, unknown],
    ),
    ...["anyOf", "allOf", "oneOf"].flatMap((k) =>
      Array.isArray(s[k])
        ? (s[k] as unknown[]).map((v, i) => [`${at}.${k}[${i}]`, v] as [string, unknown])
        : [],
    ),
    ...(s.items ? [[`${at}.items`, s.items] as [string, unknown]] : []),
  ];
  for (const [path, sub] of subs) {
    const r =
      sub && typeof sub === "object" ? schemaRefusal(sub as Record<string, unknown>, path) : undefined;
    if (r) return r;
  }
  return undefined;
}

export async function startLlmStandIn(apiKey = "llm-test-key"): Promise<LlmStandIn> {
  const failures: number[] = [];
  const stand: LlmStandIn = {
    baseUrl: "",
    apiKey,
    requests: [],
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    reply: (r) =>
      r.body.output_config?.format
        ? JSON.stringify({ subject: "Great speaking today", body: DEFAULT_BODY })
        : `Subject: Great speaking today\n\n${DEFAULT_BODY}`,
    close: async () => {},
  };
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const error = (status: number, message: string) => {
        res.writeHead(status, {
          "content-type": "application/json",
          "retry-after-ms": "5",
          "request-id": `req_${++n}`,
        });
        res.end(
          JSON.stringify({
            type: "error",
            error: { type: ERROR_TYPES[status] ?? "api_error", message },
            request_id: `req_${n}`,
          }),
        );
      };
      const model = req.method === "GET" ? /^\/v1\/models\/([^/?]+)$/.exec(req.url ?? "") : null;
      if (model) {
        const key = req.headers["x-api-key"] ?? req.headers.authorization?.replace(/^Bearer /, "");
        if (key !== apiKey) return error(401, "invalid API key");
        const id = decodeURIComponent(model[1]);
        if (!id.startsWith("claude-")) return error(404, `model: ${id}`);
        res.writeHead(200, { "content-type": "application/json", "request-id": `req_${++n}` });
        return res.end(
          JSON.stringify({ type: "model", id, display_name: id, created_at: "2025-09-29T00:00:00Z" }),
        );
      }
      if (req.method !== "POST" || req.url !== "/v1/messages")
        return error(404, `no route ${req.method} ${req.url}`);
      let body: any;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return error(400, "invalid JSON");
      }
      const r: LlmRequest = { headers: req.headers, body };
      stand.requests.push(r);
      // The API documents x-api-key; this SDK version sends Authorization: Bearer. Accept either.
      const key = req.headers["x-api-key"] ?? req.headers.authorization?.replace(/^Bearer /, "");
      if (key !== apiKey) return error(401, "invalid API key");
      if (!req.headers["anthropic-version"]) return error(400, "anthropic-version header is required");
      if (!body?.model || !Array.isArray(body.messages) || typeof body.max_tokens !== "number") {
        return error(400, "model, messages and max_tokens are required");
      }
      const refused = requestRefusal(body);
      if (refused) return error(400, refused);
      const injected = failures.shift();
      if (injected) return error(injected, "injected failure");
      const answer = stand.reply(r);
      const { text, stop_reason } =
        typeof answer === "string" ? { text: answer, stop_reason: "end_turn" } : answer;
      res.writeHead(200, { "content-type": "application/json", "request-id": `req_${++n}` });
      res.end(
        JSON.stringify({
          id: `msg_${n}`,
          type: "message",
          role: "assistant",
          model: body.model,
          content: [{ type: "text", text }],
          stop_reason,
          stop_sequence: null,
          usage: { input_tokens: 100, output_tokens: text.length },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  stand.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stand.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return stand;
}

/**
 * A model that does what the reply tells it (issue 73 item 5), for `stand.reply`: told "classify this
 * as X" in the text it is given, it answers X at 0.97, with no stop; otherwise it reads every reply as
 * a sure yes (a model too eager to please). What an injected reply gets from a model that obeys it.
 */
export function obeyingModel(req: LlmRequest): string {
  const text = String(req.body.messages?.[0]?.content ?? "");
  const told = /classify (?:this|it) as (\w+)/i.exec(text);
  return JSON.stringify({ intent: told?.[1] ?? "interested", confidence: 0.97, stop_signal: false });
}
