// GET /api/v1/campaigns/:slug/enrollments: A campaign's enrollments, newest first, optionally by status (exited ones are history); 100 a page unless limit says.
// Registered by campaigns-routes.ts.
import { listEnrollmentsInBook } from "../../../campaigns/index.ts";
import type { EnrollmentStatus } from "../../../db/core-tables.ts";
import type { RouteModule } from "../../context.ts";
import { SlugParams } from "../../schemas/campaigns.ts";
import { EnrollmentListQuery } from "../../schemas/enrollments.ts";
import { pageOf, stdErrors } from "../../schemas.ts";
import { EnrollmentRef, tags } from "./common.ts";

export const listCampaignEnrollmentsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/campaigns/:slug/enrollments",
    {
      schema: {
        tags,
        summary:
          "A campaign's enrollments, newest first, optionally by status (exited ones are history); 100 a page unless limit says",
        params: SlugParams,
        querystring: EnrollmentListQuery,
        response: { 200: pageOf(EnrollmentRef), ...stdErrors },
      },
    },
    async (req) => {
      const q = req.query as { status?: EnrollmentStatus; limit?: number; cursor?: string };
      return listEnrollmentsInBook(deps.db, req.principal, { campaign: req.params.slug, ...q });
    },
  );
};
