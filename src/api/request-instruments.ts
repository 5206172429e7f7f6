// The operator's instruments on the HTTP app: every response echoes its request id (X-Request-Id),
// every request's duration is counted by route pattern and status, and the health and metrics
// endpoints (routes/health-routes.ts, routes/metrics-routes.ts).
import type { AppDeps, BatonApp } from "./context.ts";
import { healthRoutes } from "./routes/health-routes.ts";
import { metricsRoutes } from "./routes/metrics-routes.ts";

export function registerRequestInstruments(app: BatonApp, deps: AppDeps): void {
  app.addHook("onSend", async (request, reply, payload) => {
    reply.header("x-request-id", request.id);
    return payload;
  });
  const metrics = deps.metrics;
  if (metrics) {
    app.addHook("onResponse", async (request, reply) => {
      // the route's pattern (/api/v1/campaigns/:id), never the raw URL: bounded label values
      const route = request.routeOptions.url ?? "unmatched";
      metrics.observe("baton_http_request_duration_seconds", reply.elapsedTime / 1000, {
        method: request.method,
        route,
        status: reply.statusCode,
      });
    });
  }
  healthRoutes(app, deps);
  metricsRoutes(app, deps);
}
