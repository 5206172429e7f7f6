// GET /api/v1/signals/trends: Signals per segment and type, this window against the one before (agents, revops, slm, admin, exec).
// Registered by signal-view-routes.ts.
import { signalTrends } from "../../../signals/index.ts";
import type { RouteModule } from "../../context.ts";
import { SignalTrendsView, TrendsQuery } from "../../schemas/signal-view.ts";
import { stdErrors } from "../../schemas.ts";

export const listSignalsTrendsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/signals/trends",
    {
      schema: {
        tags: ["signals"],
        summary:
          "Signals per segment and type, this window against the one before (agents, revops, slm, admin, exec)",
        querystring: TrendsQuery,
        response: { 200: SignalTrendsView, ...stdErrors },
      },
    },
    async (req) => ({
      ...(await signalTrends(deps.db, req.principal, req.query, deps.now())),
      next_cursor: null,
    }),
  );
};
