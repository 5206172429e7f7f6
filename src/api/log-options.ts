// The server's log (pino JSON): what it never carries. Tokens, cookies, message bodies and email
// addresses stay out at every level up to info: request headers are not logged at all (and the
// secret ones are redacted should anything log them), URLs are logged without their query string
// (unsubscribe and sign-in links carry tokens, searches carry addresses), and bodies are never
// logged. test/foundation/log-redaction.test.ts pins this list.
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** pino redact paths: censored wherever a log call passes these objects. */
export const LOG_REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  "req.headers['x-api-key']",
  "req.headers['x-baton-token']",
  "req.body",
  "req.query",
  "res.headers['set-cookie']",
  "body",
  "email",
  "token",
  "password",
  "secret",
  "*.email",
  "*.token",
  "*.password",
  "*.secret",
  "*.apiKey",
  "*.api_key",
] as const;

/** The request as logged: method, path (no query string), and the request id pino adds. */
export function serializeRequest(req: { method?: string; url?: string; routeOptions?: { url?: string } }) {
  const url = req.url ?? "";
  const q = url.indexOf("?");
  return { method: req.method, url: q < 0 ? url : `${url.slice(0, q)}?…` };
}

const WELL_FORMED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** An incoming X-Request-Id when well-formed (a proxy's id follows the request), else a new UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && WELL_FORMED_ID.test(given) ? given : randomUUID();
}
