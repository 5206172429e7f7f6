// A local stand-in for Anthropic's Messages API (POST /v1/messages; GET /v1/models/{id}, "Get a
// Model", which 'baton doctor' uses as its cheap authenticated call), speaking the documented
// shapes the SDK expects: a `message` object with `content: [{type:"text", text}]`, and errors as
// {"type":"error","error":{"type":…,"message":…}}, and a `stop_reason` ("end_turn"; "max_tokens" when
// the answer was cut at the limit, "refusal" when the model declined: platform.claude.com/docs
// "Handling stop reasons"). Failures can be injected; they carry `retry-after-ms` so the SDK's
// retries stay fast in tests.
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
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

export async function startLlmStandIn(apiKey = "llm-test-key"): Promise<LlmStandIn> {
  const failures: number[] = [];
  const stand: LlmStandIn = {
    baseUrl: "",
    apiKey,
    requests: [],
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    reply: () => "Subject: Great speaking today\n\nHi Dana,\n\nThanks for the time today.\n\nJustin",
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
          JSON.stringify({ type: "error", error: { type: ERROR_TYPES[status] ?? "api_error", message } }),
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
