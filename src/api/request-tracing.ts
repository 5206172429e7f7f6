// A span per HTTP request when tracing is on (issue 71 item 4; docs/operations.md "Traces"): a
// SERVER span named by the route's pattern (GET /api/v1/campaigns/:id), never the raw URL, whose
// path and query may carry tokens and addresses. It is registered before authentication, so the
// sign-in lookups and everything the handler does (an MCP tool call, a coordinator decision) are its
// children; a caller's W3C traceparent makes it a child of the caller's span. After the response it
// carries the status, and the tenant's and principal's ids when the request was authenticated. The
// probes and /metrics, hit every few seconds, are not traced. Off, the hook is not registered.
import type { Span } from "@opentelemetry/api";
import { failSpan, handleOf, runIn, startSpan, tracingOn } from "../tracing/index.ts";
import type { BatonApp } from "./context.ts";

const UNTRACED = new Set(["/healthz", "/readyz", "/metrics"]);
const spans = new WeakMap<object, Span>();

export function registerRequestTracing(app: BatonApp): void {
  if (!tracingOn()) return;
  app.addHook("onRequest", (request, _reply, done) => {
    const route = request.routeOptions.url;
    if (route && UNTRACED.has(route)) return done();
    const started = startSpan(
      route ? `${request.method} ${route}` : request.method,
      { "http.request.method": request.method, "http.route": route },
      "server",
      request.headers,
    );
    if (!started) return done();
    spans.set(request, started.span);
    // the rest of the request (the hooks after this one, the handler) runs in the span's context
    runIn(started.context, done);
  });
  app.addHook("onResponse", async (request, reply) => {
    const span = spans.get(request);
    if (!span) return;
    spans.delete(request);
    handleOf(span).set({
      "http.response.status_code": reply.statusCode,
      "baton.tenant_id": request.principal?.clientId,
      "baton.principal_id": request.principal?.principalId,
    });
    if (reply.statusCode >= 500) failSpan(span, { code: String(reply.statusCode) });
    span.end();
  });
  app.addHook("onRequestAbort", async (request) => {
    const span = spans.get(request);
    if (!span) return;
    spans.delete(request);
    failSpan(span, { code: "aborted" });
    span.end();
  });
}
