// POST /api/v1/enrollments/:id/resume: Resume a paused enrollment with a reason; a step that fell due goes at once (agents, exec, revops, admin, rep).
// Registered by enrollment-pause-routes.ts.
import { resumeEnrollment } from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { IdParams, PauseResult, ResumeBody } from "../../schemas/enrollments.ts";
import { stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const postEnrollmentResumeRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/enrollments/:id/resume",
    {
      schema: {
        tags,
        summary:
          "Resume a paused enrollment with a reason; a step that fell due goes at once (agents, exec, revops, admin, rep)",
        params: IdParams,
        body: ResumeBody,
        response: { 200: PauseResult, ...stdErrors },
      },
    },
    async (req) =>
      resumeEnrollment(
        deps.db,
        req.principal,
        { enrollmentId: req.params.id, reason: req.body.reason },
        deps.now(),
      ),
  );
};
