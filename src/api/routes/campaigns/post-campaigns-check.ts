// POST /api/v1/campaigns/check: Check a new campaign's definition as POST /api/v1/campaigns would; writes nothing.
// Registered by campaigns-routes.ts.
import { checkNewCampaign } from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { CreateCampaignBody, DefinitionCheck } from "../../schemas/campaigns.ts";
import { largeBodyLimit, stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const postCampaignsCheckRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/campaigns/check",
    {
      bodyLimit: largeBodyLimit(deps.config),
      schema: {
        tags,
        summary: "Check a new campaign's definition as POST /api/v1/campaigns would; writes nothing",
        body: CreateCampaignBody,
        response: { 200: DefinitionCheck, ...stdErrors },
      },
    },
    async (req) => checkNewCampaign(deps.db, req.principal, req.body as any),
  );
};
