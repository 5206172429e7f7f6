// GET /api/v1/learning/plays/:id/funnel: Step funnel of a play (its campaigns together).
// Registered by learning-routes.ts.
import { playFunnelAs } from "../../../learning/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Any, FunnelQuery, PlayParams } from "./common.ts";

export const getLearningPlayFunnelRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/learning/plays/:id/funnel",
    {
      schema: {
        tags: ["learning"],
        summary: "Step funnel of a play (its campaigns together)",
        params: PlayParams,
        querystring: FunnelQuery,
        response: { 200: Any("Funnel (docs/learning.md)"), ...stdErrors },
      },
    },
    async (req) => playFunnelAs(deps.db, req.principal, req.params.id, req.query),
  );
};
