// GET /metrics: Prometheus text (docs/operations.md "Metrics, health and alerts"). Who may scrape:
// - BATON_METRICS_PORT set: not here at all; the metrics listener on that port serves it
//   (src/runtime/metrics-server.ts), behind BATON_METRICS_TOKEN when that is set too;
// - BATON_METRICS_TOKEN set: 'Authorization: Bearer <that token>';
// - neither: an API token (or session) of a person with the admin role.
import { hasRole } from "../../auth/principal.ts";
import { authenticate } from "../../auth/tokens.ts";
import { BatonError } from "../../errors/baton-error.ts";
import type { AppDeps, BatonApp } from "../context.ts";
import { metricsTokenMatches } from "../metrics-token.ts";

export function metricsRoutes(app: BatonApp, deps: AppDeps): void {
  const metrics = deps.metrics;
  if (!metrics || deps.config.metrics.port !== undefined) return;
  app.get(
    "/metrics",
    {
      config: { public: true },
      schema: { tags: ["system"], summary: "Prometheus metrics (metrics token, or an admin's token)" },
    },
    async (request, reply) => {
      const token = deps.config.metrics.token;
      if (token) {
        if (!metricsTokenMatches(request.headers.authorization, token))
          throw new BatonError("UNAUTHENTICATED", { reason: "invalid" });
      } else {
        const header = request.headers.authorization;
        const p = await authenticate(
          deps.db,
          header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined,
        );
        if (!hasRole(p, "admin")) {
          throw new BatonError("FORBIDDEN_ROLE", { action: "read /metrics", required: "the admin role" });
        }
      }
      const out = await metrics.exposition();
      if (!out) throw new BatonError("NOT_FOUND", { entity: "Route", id: "GET /metrics" });
      return reply.header("content-type", out.contentType).send(out.text);
    },
  );
}
