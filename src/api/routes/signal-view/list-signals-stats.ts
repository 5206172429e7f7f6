// GET /api/v1/signals/stats: Signals per type and per source in the window, with each source's health (revops, admin, slm, exec).
// Registered by signal-view-routes.ts.
import { signalStats } from "../../../signals/index.ts";
import type { RouteModule } from "../../context.ts";
import { SignalStatsView, StatsQuery } from "../../schemas/signal-view.ts";
import { stdErrors } from "../../schemas.ts";

export const listSignalsStatsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/signals/stats",
    {
      schema: {
        tags: ["signals"],
        summary:
          "Signals per type and per source in the window, with each source's health (revops, admin, slm, exec)",
        querystring: StatsQuery,
        response: { 200: SignalStatsView, ...stdErrors },
      },
    },
    async (req) => signalStats(deps.db, req.principal, req.query, deps.now()),
  );
};
