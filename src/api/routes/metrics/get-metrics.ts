// GET /metrics: Prometheus metrics (metrics token, or an admin's token).
// Registered by metrics-routes.ts when the metrics are served on the API's own port.
import { hasRole } from "../../../auth/principal.ts";
import { authenticate } from "../../../auth/tokens.ts";
import { BatonError } from "../../../errors/baton-error.ts";
import type { AppDeps, BatonApp } from "../../context.ts";
import { metricsTokenMatches } from "../../metrics-token.ts";

export const getMetricsRoute = (app: BatonApp, deps: AppDeps, metrics: NonNullable<AppDeps["metrics"]>) => {
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
};
