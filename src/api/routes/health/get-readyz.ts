// GET /readyz: Ready: database, migrations, engine loop (503 with the reasons when not).
// Registered by health-routes.ts.
import type { RouteModule } from "../../context.ts";
import { hidden, ReadinessBody, readiness } from "./common.ts";

export const getReadyzRoute: RouteModule = (app, deps) => {
  app.get(
    "/readyz",
    {
      config: { public: true },
      schema: {
        ...hidden,
        summary: "Ready: database, migrations, engine loop (503 with the reasons when not)",
        response: {
          200: ReadinessBody,
          503: {
            ...ReadinessBody,
            description: "Not ready: the reasons say what; a load balancer takes it out",
          },
        },
      },
    },
    async (request, reply) => {
      const r = await readiness(deps, (e, what) => request.log.warn({ err: e }, `readyz: ${what} failed`));
      return reply.status(r.ready ? 200 : 503).send(r);
    },
  );
};
