// PATCH /api/v1/campaigns/:slug: Change a campaign: fields given replace the stored ones; steps replaces the whole sequence.
// Registered by campaigns-routes.ts.
import { updateCampaign } from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { SlugParams, UpdateCampaignBody } from "../../schemas/campaigns.ts";
import { largeBodyLimit, stdErrors } from "../../schemas.ts";
import { CampaignRef, tags } from "./common.ts";

export const updateCampaignRoute: RouteModule = (app, deps) => {
  app.patch(
    "/api/v1/campaigns/:slug",
    {
      bodyLimit: largeBodyLimit(deps.config),
      schema: {
        tags,
        summary: "Change a campaign: fields given replace the stored ones; steps replaces the whole sequence",
        params: SlugParams,
        body: UpdateCampaignBody,
        response: { 200: CampaignRef, ...stdErrors },
      },
    },
    async (req) => updateCampaign(deps.db, req.principal, req.params.slug, req.body as any, deps.now()),
  );
};
