// GET /metrics: Prometheus text (docs/operations.md "Metrics, health and alerts"). Who may scrape:
// - BATON_METRICS_PORT set: not here at all; the metrics listener on that port serves it
//   (src/runtime/metrics-server.ts), behind BATON_METRICS_TOKEN when that is set too;
// - BATON_METRICS_TOKEN set: 'Authorization: Bearer <that token>';
// - neither: an API token (or session) of a person with the admin role.
import type { RouteModule } from "../context.ts";
import { getMetricsRoute } from "./metrics/get-metrics.ts";

export const metricsRoutes: RouteModule = (app, deps) => {
  const metrics = deps.metrics;
  if (!metrics || deps.config.metrics.port !== undefined) return;
  getMetricsRoute(app, deps, metrics); // GET /metrics
};
