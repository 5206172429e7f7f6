// GET /api/v1/enrollments/:id: One enrollment.
// Registered by campaigns-routes.ts.
import { getEnrollment } from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { IdParams } from "../../schemas/enrollments.ts";
import { stdErrors } from "../../schemas.ts";
import { EnrollmentRef, tags } from "./common.ts";

export const getEnrollmentRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/enrollments/:id",
    {
      schema: {
        tags,
        summary: "One enrollment",
        params: IdParams,
        response: { 200: EnrollmentRef, ...stdErrors },
      },
    },
    async (req) => getEnrollment(deps.db, req.principal, req.params.id),
  );
};
