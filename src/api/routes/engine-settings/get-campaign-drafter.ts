// GET /api/v1/campaigns/:slug/drafter: Which drafter writes the campaign's touches (template unless set).
// Registered by engine-settings-routes.ts.
import { readCampaignDrafter } from "../../../engine/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { CampaignDrafterView, SlugParams } from "./common.ts";

export const getCampaignDrafterRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/campaigns/:slug/drafter",
    {
      schema: {
        tags: ["campaigns"],
        summary: "Which drafter writes the campaign's touches (template unless set)",
        params: SlugParams,
        response: { 200: CampaignDrafterView, ...stdErrors },
      },
    },
    async (req) => readCampaignDrafter(deps.db, req.principal, req.params.slug),
  );
};
