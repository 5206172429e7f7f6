// GET /api/v1/campaigns/:slug: One campaign with its steps.
// Registered by campaigns-routes.ts.
import { getCampaign } from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { SlugParams } from "../../schemas/campaigns.ts";
import { stdErrors } from "../../schemas.ts";
import { CampaignRef, tags } from "./common.ts";

export const getCampaignRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/campaigns/:slug",
    {
      schema: {
        tags,
        summary: "One campaign with its steps",
        params: SlugParams,
        response: { 200: CampaignRef, ...stdErrors },
      },
    },
    async (req) => getCampaign(deps.db, req.principal.clientId, req.params.slug),
  );
};
