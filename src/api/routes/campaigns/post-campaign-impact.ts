// POST /api/v1/campaigns/:slug/impact: Check a proposed change (the PATCH body) and say which live enrollments it affects; writes nothing.
// Registered by campaigns-routes.ts.
import { previewCampaignChange } from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { ChangePreview, SlugParams, UpdateCampaignBody } from "../../schemas/campaigns.ts";
import { largeBodyLimit, stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const postCampaignImpactRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/campaigns/:slug/impact",
    {
      bodyLimit: largeBodyLimit(deps.config),
      schema: {
        tags,
        summary:
          "Check a proposed change (the PATCH body) and say which live enrollments it affects; writes nothing",
        params: SlugParams,
        body: UpdateCampaignBody,
        response: { 200: ChangePreview, ...stdErrors },
      },
    },
    async (req) => previewCampaignChange(deps.db, req.principal, req.params.slug, req.body as any),
  );
};
