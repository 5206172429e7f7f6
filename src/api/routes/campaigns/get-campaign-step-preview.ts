// GET /api/v1/campaigns/:slug/steps/:step/preview: A step as the built-in drafter would write it for one contact: the templates a person wrote, rendered (nothing is written).
// Registered by campaigns-routes.ts.
import { previewStep } from "../../../engine/index.ts";
import type { RouteModule } from "../../context.ts";
import { StepPreview, StepPreviewParams, StepPreviewQuery } from "../../schemas/step-previews.ts";
import { stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const getCampaignStepPreviewRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/campaigns/:slug/steps/:step/preview",
    {
      schema: {
        tags,
        summary:
          "A step as the built-in drafter would write it for one contact: the templates a person wrote, rendered (nothing is written)",
        params: StepPreviewParams,
        querystring: StepPreviewQuery,
        response: { 200: StepPreview, ...stdErrors },
      },
    },
    async (req) => {
      const { slug, step } = req.params as { slug: string; step: number };
      const query = { campaign: slug, step, contactId: (req.query as { contact_id: string }).contact_id };
      return previewStep(deps.db, req.principal, query, await deps.engine());
    },
  );
};
