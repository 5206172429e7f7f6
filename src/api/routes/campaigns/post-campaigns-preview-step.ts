// POST /api/v1/campaigns/preview-step: A step as it is being edited (not saved), rendered for a contact of your book by the engine's renderer (who define campaigns; nothing is written).
// Registered by campaigns-routes.ts.
import { type EditedStepPreviewRequest, previewEditedStep } from "../../../engine/index.ts";
import type { RouteModule } from "../../context.ts";
import { EditedStepPreviewBody, StepPreview } from "../../schemas/step-previews.ts";
import { stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const postCampaignsPreviewStepRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/campaigns/preview-step",
    {
      schema: {
        tags,
        summary:
          "A step as it is being edited (not saved), rendered for a contact of your book by the engine's renderer (who define campaigns; nothing is written)",
        body: EditedStepPreviewBody,
        response: { 200: StepPreview, ...stdErrors },
      },
    },
    async (req) =>
      previewEditedStep(deps.db, req.principal, req.body as EditedStepPreviewRequest, await deps.engine()),
  );
};
