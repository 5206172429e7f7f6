// The HTTP side of issue 6: rate limits per principal and Idempotency-Key on every write.
// Registered once in build-app.ts, after the authentication hook (so req.principal is known).
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { BatonApp } from "../api/context.ts";
import type { Config } from "../config/config.ts";
import type { DB } from "../db/database.ts";
import { onceMoreIfLost } from "../db/lost-connection.ts";
import { BatonError } from "../errors/baton-error.ts";
import {
  claimOrWait,
  completeIdempotencyKey,
  type IdempotentRequest,
  releaseIdempotencyKey,
  requestHash,
} from "./idempotency.ts";
import { databaseRateLimiter, type RateLimiter } from "./rate-limit.ts";

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

declare module "fastify" {
  interface FastifyRequest {
    /** Set when this request claimed an Idempotency-Key and must store its result. */
    idempotency?: IdempotentRequest;
  }
}

/** Throws RATE_LIMITED (429, Retry-After) when the principal's bucket holds fewer than `cost` tokens. */
export async function enforceRateLimit(
  limiter: RateLimiter,
  who: { clientId: string; principalId: string },
  cost = 1,
): Promise<void> {
  // once more after a lost connection (issue 58): at worst a lost answer spent one token
  const d = await onceMoreIfLost(() => limiter.take(who, cost));
  if (!d.allowed) throw new BatonError("RATE_LIMITED", { retry_after_s: d.retryAfterS });
}

/** The calls in an MCP POST: each JSON-RPC request or notification of a batch (issue 36 item 15). */
export function mcpCalls(body: unknown): number {
  if (!Array.isArray(body)) return 1;
  return body.filter(
    (m) => m && typeof m === "object" && typeof (m as { method?: unknown }).method === "string",
  ).length;
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export const IdempotencyHeaders = Type.Object({
  "idempotency-key": Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      description:
        "Retry-safe writes: a retry with the same key returns the first result and does not write twice (24 h).",
    }),
  ),
});

/** What the hooks need of the process: the database, the rate limits' config, the clock. */
export interface AgentHookDeps {
  db: Kysely<DB>;
  config: Config;
  now: () => Date;
}

export function registerAgentHooks(
  app: BatonApp,
  deps: AgentHookDeps,
  limiter: RateLimiter = databaseRateLimiter(deps.db, deps.config.rateLimit, deps.now),
) {
  // document (and validate) Idempotency-Key on every write route of the API
  app.addHook("onRoute", (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!route.url.startsWith("/api/") || !methods.some((m) => WRITES.has(m))) return;
    if (route.schema && !route.schema.headers)
      route.schema = { ...route.schema, headers: IdempotencyHeaders };
  });

  // rate limit: after authentication, before anything costly; one statement on the database
  app.addHook("onRequest", async (req) => {
    if (!req.principal) return;
    await enforceRateLimit(limiter, req.principal);
  });
  // an MCP batch costs one token per call: the POST took one, the body says how many more
  app.addHook("preHandler", async (req) => {
    if (!req.principal || req.routeOptions.url !== "/mcp" || req.method !== "POST") return;
    const more = mcpCalls(req.body) - 1;
    if (more > 0) await enforceRateLimit(limiter, req.principal, more);
  });

  // idempotency: after validation, before the handler runs (MCP tool calls have their own, per tool)
  app.addHook("preHandler", async (req: FastifyRequest, reply: FastifyReply) => {
    const key = header(req, "idempotency-key");
    if (
      key === undefined ||
      !WRITES.has(req.method) ||
      !req.principal ||
      !req.routeOptions.url?.startsWith("/api/")
    )
      return;
    const r: IdempotentRequest = {
      principal: req.principal,
      key,
      method: req.method,
      path: req.url,
      requestHash: requestHash(req.method, req.url, req.body),
    };
    const claim = await claimOrWait(deps.db, r, deps.now, deps.config.idempotencyWaitMs);
    if (claim.kind === "claimed") {
      req.idempotency = r;
      return;
    }
    const { status, body, contentType } = claim.response;
    reply.code(status).header("idempotent-replayed", "true");
    if (contentType) reply.header("content-type", contentType);
    return reply.send(body);
  });

  // store the first result (or give the key up on 5xx, so a retry may run it again)
  app.addHook("onSend", async (req, reply, payload) => {
    const r = req.idempotency;
    if (!r) return payload;
    req.idempotency = undefined;
    const status = reply.statusCode;
    const body =
      typeof payload === "string" ? payload : Buffer.isBuffer(payload) ? payload.toString("utf8") : null;
    // both are safe to repeat, and run once more after a lost connection (issue 58): a write that
    // was made but whose result could not be stored was answered 503, and its key stayed in_progress
    if (status >= 500 || body === null) {
      await onceMoreIfLost(() => releaseIdempotencyKey(deps.db, r));
    } else {
      const type = reply.getHeader("content-type");
      const stored = { status, body, contentType: typeof type === "string" ? type : null };
      await onceMoreIfLost(() => completeIdempotencyKey(deps.db, r, stored, deps.now()));
    }
    return payload;
  });
}
