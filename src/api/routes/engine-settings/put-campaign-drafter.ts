// PUT /api/v1/campaigns/:slug/drafter: Set which drafter writes the campaign's touches from now on (revops, admin).
// Registered by engine-settings-routes.ts.
import type { DrafterName } from "../../../engine/index.ts";
import { setCampaignDrafter } from "../../../engine/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { CampaignDrafterBody, CampaignDrafterView, SlugParams } from "./common.ts";

export const putCampaignDrafterRoute: RouteModule = (app, deps) => {
  app.put(
    "/api/v1/campaigns/:slug/drafter",
    {
      schema: {
        tags: ["campaigns"],
        summary: "Set which drafter writes the campaign's touches from now on (revops, admin)",
        params: SlugParams,
        body: CampaignDrafterBody,
        response: { 200: CampaignDrafterView, ...stdErrors },
      },
    },
    async (req) =>
      setCampaignDrafter(
        deps.db,
        req.principal,
        { campaignSlug: req.params.slug, drafter: req.body.drafter as DrafterName },
        deps.now(),
      ),
  );
};
