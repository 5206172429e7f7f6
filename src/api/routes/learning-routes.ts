// Learning (issue 13, docs/learning.md): step funnels, A/B variants and winner promotion,
// retrospectives from the numbers, agent calibration by quarter. Thin over src/learning.
import type { RouteModule } from "../context.ts";
import { createLearningPlayRetrospectiveRoute } from "./learning/create-learning-play-retrospective.ts";
import { getLearningAgentsCalibrationRoute } from "./learning/get-learning-agents-calibration.ts";
import { getLearningCampaignFunnelRoute } from "./learning/get-learning-campaign-funnel.ts";
import { getLearningPlayFunnelRoute } from "./learning/get-learning-play-funnel.ts";
import { listLearningCampaignVariantsRoute } from "./learning/list-learning-campaign-variants.ts";
import { listLearningPlayRetrospectivesRoute } from "./learning/list-learning-play-retrospectives.ts";
import { listLearningRetrospectivesRoute } from "./learning/list-learning-retrospectives.ts";
import { postLearningCampaignStepPromoteRoute } from "./learning/post-learning-campaign-step-promote.ts";
import { postLearningRetrospectiveDecideRoute } from "./learning/post-learning-retrospective-decide.ts";

export const learningRoutes: RouteModule = (app, deps) => {
  getLearningCampaignFunnelRoute(app, deps); // GET /api/v1/learning/campaigns/:slug/funnel
  getLearningPlayFunnelRoute(app, deps); // GET /api/v1/learning/plays/:id/funnel
  listLearningCampaignVariantsRoute(app, deps); // GET /api/v1/learning/campaigns/:slug/variants
  postLearningCampaignStepPromoteRoute(app, deps); // POST /api/v1/learning/campaigns/:slug/steps/:step/promote
  listLearningRetrospectivesRoute(app, deps); // GET /api/v1/learning/retrospectives
  listLearningPlayRetrospectivesRoute(app, deps); // GET /api/v1/learning/plays/:id/retrospectives
  createLearningPlayRetrospectiveRoute(app, deps); // POST /api/v1/learning/plays/:id/retrospectives
  postLearningRetrospectiveDecideRoute(app, deps); // POST /api/v1/learning/retrospectives/:id/decide
  getLearningAgentsCalibrationRoute(app, deps); // GET /api/v1/learning/agents/calibration
};
