// GET /api/v1/signals/hot: The hottest people (subject=contact) or accounts (subject=account) of your book, ranked by decayed signal score (weight × 0.5^(age / half-life)), each with its reasons and the active play its signals answer.
// Registered by signal-view-routes.ts.
import { listHotSignals } from "../../../signals/index.ts";
import type { RouteModule } from "../../context.ts";
import { HotList, HotQuery } from "../../schemas/signal-view.ts";
import { stdErrors } from "../../schemas.ts";

export const getSignalsHotRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/signals/hot",
    {
      schema: {
        tags: ["signals"],
        summary:
          "The hottest people (subject=contact) or accounts (subject=account) of your book, ranked by decayed signal score (weight × 0.5^(age / half-life)), each with its reasons and the active play its signals answer",
        querystring: HotQuery,
        response: { 200: HotList, ...stdErrors },
      },
    },
    async (req) => ({
      ...(await listHotSignals(deps.db, req.principal, req.query, deps.now())),
      next_cursor: null,
    }),
  );
};
