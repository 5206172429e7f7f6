// GET /api/v1/campaigns: List the tenant's campaigns with their steps, by slug (100 a page unless limit says).
// Registered by campaigns-routes.ts.
import { listCampaigns } from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { CampaignListQuery } from "../../schemas/campaigns.ts";
import { pageOf, stdErrors } from "../../schemas.ts";
import { CampaignRef, tags } from "./common.ts";

export const listCampaignsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/campaigns",
    {
      schema: {
        tags,
        summary: "List the tenant's campaigns with their steps, by slug (100 a page unless limit says)",
        querystring: CampaignListQuery,
        response: { 200: pageOf(CampaignRef), ...stdErrors },
      },
    },
    async (req) => listCampaigns(deps.db, req.principal.clientId, req.query as any),
  );
};
