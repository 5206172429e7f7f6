// A request whose database connection was lost under it runs once more, after a short wait, when
// running it again cannot do anything twice (issue 58, Deliver 4): a read (GET, HEAD), or a write
// that claimed its Idempotency-Key (agents/http-hooks.ts), which a client retries the same way.
// Otherwise, and when the second run fails too, the error handler answers 503 DATABASE_UNAVAILABLE
// with Retry-After (error-handler.ts); never 500.
//
// After the wait the pool has dropped the dead clients (pg-pool removes a client that errored while
// idle, and one released after its connection failed), so the second run opens a new connection,
// and opening one waits for a restarting server (connectRetrying in db/lost-connection.ts).
//
// A write that claimed its key and lost its connection while COMMIT was on its way may have been
// made: its second run writes again. The window is one round trip wide; a key's replay covers the
// rest (a client's own retry after a 503 finds the key released or completed).
import type { FastifyReply, FastifyRequest, RouteOptions } from "fastify";
import { isLostConnection, ONCE_MORE_WAIT_MS } from "../db/lost-connection.ts";
import type { BatonApp } from "./context.ts";

/** Running this request twice does no more than running it once. */
function repeatable(request: FastifyRequest): boolean {
  if (request.method === "GET" || request.method === "HEAD") return true;
  return request.idempotency !== undefined;
}

type Handler = RouteOptions["handler"];

/** `handler`, run once more after a lost connection when the request is repeatable. */
export function retryingLostConnection(handler: Handler, waitMs = ONCE_MORE_WAIT_MS): Handler {
  return function (this: unknown, request: FastifyRequest, reply: FastifyReply) {
    const first = (handler as (...a: unknown[]) => unknown).call(this, request, reply);
    // a handler that answers by itself (a stream, a sync send) is left as it is
    if (!(first instanceof Promise)) return first;
    return first.catch(async (e: unknown) => {
      if (!isLostConnection(e) || reply.sent || !repeatable(request)) throw e;
      request.log.warn({ err: e }, "database connection lost; running the request once more");
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      return (handler as (...a: unknown[]) => unknown).call(this, request, reply);
    });
  } as Handler;
}

/** Wraps every route registered after it (build-app.ts registers it before the route modules). */
export function registerLostConnectionRetry(app: BatonApp, waitMs = ONCE_MORE_WAIT_MS): void {
  app.addHook("onRoute", (route) => {
    route.handler = retryingLostConnection(route.handler, waitMs);
  });
}
