// POST /api/v1/enrollments/:id/pause: Pause an active enrollment with a reason, until a date or until resumed (agents, exec, revops, admin, rep).
// Registered by enrollment-pause-routes.ts.
import { pauseEnrollment } from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { IdParams, PauseBody, PauseResult } from "../../schemas/enrollments.ts";
import { stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const postEnrollmentPauseRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/enrollments/:id/pause",
    {
      schema: {
        tags,
        summary:
          "Pause an active enrollment with a reason, until a date or until resumed (agents, exec, revops, admin, rep)",
        params: IdParams,
        body: PauseBody,
        response: { 200: PauseResult, ...stdErrors },
      },
    },
    async (req) => {
      const b = req.body;
      const until = b.until ? new Date(b.until) : null;
      return pauseEnrollment(
        deps.db,
        req.principal,
        { enrollmentId: req.params.id, reason: b.reason, until },
        deps.now(),
      );
    },
  );
};
