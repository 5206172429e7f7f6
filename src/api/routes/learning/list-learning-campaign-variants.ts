// GET /api/v1/learning/campaigns/:slug/variants: A/B variants per step: rates, z-test, probability better, sends to go, winner.
// Registered by learning-routes.ts.
import { requireRole } from "../../../auth/principal.ts";
import { campaignVariants, LEARNING_READER_ROLES as READERS } from "../../../learning/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Any, SlugParams } from "./common.ts";

export const listLearningCampaignVariantsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/learning/campaigns/:slug/variants",
    {
      schema: {
        tags: ["learning"],
        summary: "A/B variants per step: rates, z-test, probability better, sends to go, winner",
        params: SlugParams,
        response: { 200: Any("{ campaign, steps: StepVariantsReport[] }"), ...stdErrors },
      },
    },
    async (req) => {
      requireRole(req.principal, "read variants", ...READERS);
      return campaignVariants(deps.db, req.principal.clientId, req.params.slug);
    },
  );
};
