import type { RouteModule } from "../context.ts";
import { Campaign } from "../schemas/campaigns.ts";
import { Enrollment } from "../schemas/enrollments.ts";
import { createCampaignRoute } from "./campaigns/create-campaign.ts";
import { createCampaignEnrollmentRoute } from "./campaigns/create-campaign-enrollment.ts";
import { getCampaignRoute } from "./campaigns/get-campaign.ts";
import { getCampaignStepPreviewRoute } from "./campaigns/get-campaign-step-preview.ts";
import { getEnrollmentRoute } from "./campaigns/get-enrollment.ts";
import { listCampaignEnrollmentsRoute } from "./campaigns/list-campaign-enrollments.ts";
import { listCampaignsRoute } from "./campaigns/list-campaigns.ts";
import { postCampaignEnrollmentsBulkRoute } from "./campaigns/post-campaign-enrollments-bulk.ts";
import { postCampaignImpactRoute } from "./campaigns/post-campaign-impact.ts";
import { postCampaignsCheckRoute } from "./campaigns/post-campaigns-check.ts";
import { postCampaignsPreviewStepRoute } from "./campaigns/post-campaigns-preview-step.ts";
import { postCampaignsTestSendRoute } from "./campaigns/post-campaigns-test-send.ts";
import { postEnrollmentExitRoute } from "./campaigns/post-enrollment-exit.ts";
import { updateCampaignRoute } from "./campaigns/update-campaign.ts";

export const campaignsRoutes: RouteModule = (app, deps) => {
  app.addSchema(Campaign);
  app.addSchema(Enrollment);
  listCampaignsRoute(app, deps); // GET /api/v1/campaigns
  createCampaignRoute(app, deps); // POST /api/v1/campaigns
  postCampaignsCheckRoute(app, deps); // POST /api/v1/campaigns/check
  getCampaignRoute(app, deps); // GET /api/v1/campaigns/:slug
  updateCampaignRoute(app, deps); // PATCH /api/v1/campaigns/:slug
  getCampaignStepPreviewRoute(app, deps); // GET /api/v1/campaigns/:slug/steps/:step/preview
  postCampaignsPreviewStepRoute(app, deps); // POST /api/v1/campaigns/preview-step
  postCampaignsTestSendRoute(app, deps); // POST /api/v1/campaigns/test-send
  postCampaignImpactRoute(app, deps); // POST /api/v1/campaigns/:slug/impact
  createCampaignEnrollmentRoute(app, deps); // POST /api/v1/campaigns/:slug/enrollments
  postCampaignEnrollmentsBulkRoute(app, deps); // POST /api/v1/campaigns/:slug/enrollments/bulk
  listCampaignEnrollmentsRoute(app, deps); // GET /api/v1/campaigns/:slug/enrollments
  getEnrollmentRoute(app, deps); // GET /api/v1/enrollments/:id
  postEnrollmentExitRoute(app, deps); // POST /api/v1/enrollments/:id/exit
};
