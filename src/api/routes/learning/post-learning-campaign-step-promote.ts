// POST /api/v1/learning/campaigns/:slug/steps/:step/promote: Promote a step's winning variant (RevOps): logged; the others stop being assigned.
// Registered by learning-routes.ts.
import { Type } from "typebox";
import { promoteVariant } from "../../../learning/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Any } from "./common.ts";

export const postLearningCampaignStepPromoteRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/learning/campaigns/:slug/steps/:step/promote",
    {
      schema: {
        tags: ["learning"],
        summary: "Promote a step's winning variant (RevOps): logged; the others stop being assigned",
        params: Type.Object({
          slug: Type.String({ maxLength: 64, description: "The campaign's slug (or id)" }),
          step: Type.Integer({ minimum: 1, maximum: 100, description: "The step's number in the campaign" }),
        }),
        body: Type.Object({ variant: Type.String({ maxLength: 16 }) }, { additionalProperties: false }),
        response: { 200: Any("StepVariantsReport"), ...stdErrors },
      },
    },
    async (req) =>
      promoteVariant(
        deps.db,
        req.principal,
        { campaign: req.params.slug, step: req.params.step, variant: req.body.variant },
        deps.now(),
      ),
  );
};
