// GET /api/v1/learning/campaigns/:slug/funnel: Step funnel of a campaign: per step and variant, by week (from the rollup).
// Registered by learning-routes.ts.
import { campaignFunnelAs } from "../../../learning/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Any, FunnelQuery, SlugParams } from "./common.ts";

export const getLearningCampaignFunnelRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/learning/campaigns/:slug/funnel",
    {
      schema: {
        tags: ["learning"],
        summary: "Step funnel of a campaign: per step and variant, by week (from the rollup)",
        params: SlugParams,
        querystring: FunnelQuery,
        response: { 200: Any("Funnel (docs/learning.md)"), ...stdErrors },
      },
    },
    async (req) => campaignFunnelAs(deps.db, req.principal, req.params.slug, req.query),
  );
};
