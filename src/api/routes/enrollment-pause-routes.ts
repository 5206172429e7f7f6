import { pauseEnrollment, resumeEnrollment } from "../../campaigns/index.ts";
import type { RouteModule } from "../context.ts";
import { IdParams, PauseBody, PauseResult, ResumeBody } from "../schemas/campaigns.ts";
import { stdErrors } from "../schemas.ts";

const tags = ["campaigns"];
export const enrollmentPauseRoutes: RouteModule = (app, deps) => {
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
