// A local stand-in for OpenAI-style chat completions (POST /v1/chat/completions; GET /v1/models),
// speaking the documented contract that OpenAI, Ollama and vLLM share: a `chat.completion` object
// with `choices[0].message.content`, errors as {"error": {"message", "type", "param", "code"}},
// a bearer key, and `response_format: {type: "json_object"}` for JSON mode (which, as OpenAI
// documents, needs the word JSON in the messages). Failures and slow answers can be injected.
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

export interface OpenAiStandIn {
  baseUrl: string;
  apiKey: string;
  requests: ChatRequest[];
  /** The next N requests fail so. */
  failNext(failure: Failure, times?: number): void;
  /** The next N requests are answered only after this many ms. */
  delayNext(ms: number, times?: number): void;
  /** What the model answers (default: a fixed email draft as JSON when JSON mode is asked, else text). */
  reply: (req: ChatRequest) => string;
  close(): Promise<void>;
}

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

/** A fixed email draft: a JSON object in JSON mode, else "Subject: …" and the body. */
export function defaultReply(req: { body: any }): string {
  return req.body.response_format?.type === "json_object"
    ? JSON.stringify({
        subject: "Great speaking today",
        body: "Hi Dana,\n\nThanks for the time today.\n\nJustin",
      })
    : "Subject: Great speaking today\n\nHi Dana,\n\nThanks for the time today.\n\nJustin";
}

export async function startOpenAiStandIn(
  apiKey = "sk-test-key",
  models = ["gpt-test"],
): Promise<OpenAiStandIn> {
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
  let n = 0;
  const sockets = new Set<import("node:net").Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const error = (status: number, message?: string, headers: Record<string, string> = {}) => {
        const e = ERRORS[status] ?? { type: "server_error", code: null, message: "error" };
        res.writeHead(status, {
          "content-type": "application/json",
          "x-request-id": `req_${++n}`,
          ...headers,
        });
        res.end(
          JSON.stringify({
            error: { message: message ?? e.message, type: e.type, param: null, code: e.code },
          }),
        );
      };
      const authorized = req.headers.authorization === `Bearer ${apiKey}`;
      if (req.method === "GET" && req.url === "/v1/models") {
        if (!authorized) return error(401);
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(
          JSON.stringify({
            object: "list",
            data: models.map((id) => ({ id, object: "model", created: 1_700_000_000, owned_by: "stand-in" })),
          }),
        );
      }
      if (req.method !== "POST" || req.url !== "/v1/chat/completions")
        return error(404, `Unknown request URL: ${req.method} ${req.url}`);
      let body: any;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return error(400, "We could not parse the JSON body of your request.");
      }
      const r: ChatRequest = { headers: req.headers, body, at: Date.now() };
      stand.requests.push(r);
      if (!authorized) return error(401);
      if (typeof body?.model !== "string" || !Array.isArray(body.messages) || body.messages.length === 0)
        return error(400, "model and messages are required");
      if (!models.includes(body.model)) return error(404, `The model \`${body.model}\` does not exist`);
      if (
        body.response_format?.type === "json_object" &&
        !body.messages.some((m: any) => /json/i.test(String(m.content)))
      )
        return error(
          400,
          "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
        );
      const answer = () => {
        const failure = failures.shift();
        if (failure)
          return error(
            failure.status,
            undefined,
            failure.retryAfter ? { "retry-after": failure.retryAfter } : {},
          );
        const content = stand.reply(r);
        res.writeHead(200, { "content-type": "application/json", "x-request-id": `req_${++n}` });
        res.end(
          JSON.stringify({
            id: `chatcmpl-${n}`,
            object: "chat.completion",
            created: Math.floor(Date.now() / 1000),
            model: body.model,
            choices: [
              { index: 0, message: { role: "assistant", content }, finish_reason: "stop", logprobs: null },
            ],
            usage: {
              prompt_tokens: 100,
              completion_tokens: content.length,
              total_tokens: 100 + content.length,
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
  stand.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stand.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return stand;
}
