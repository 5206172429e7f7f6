// POST /api/v1/enrollments/:id/pause and /resume (issue 37 item 2). Thin: parse, call one domain
// function (src/campaigns/pause-enrollment.ts).
import { Type } from "typebox";
import { pauseEnrollment, resumeEnrollment } from "../../campaigns/pause-enrollment.ts";
import type { RouteModule } from "../context.ts";
import { IsoTime, stdErrors } from "../schemas.ts";
import { IdParams } from "./campaigns-schemas.ts";

const tags = ["campaigns"];
const Reason = Type.String({ minLength: 1, maxLength: 2000, description: "why, in a person's words" });

export const PauseBody = Type.Object(
  {
    reason: Reason,
    until: Type.Optional(
      Type.Union([IsoTime, Type.Null()], {
        description: "when the engine resumes it by itself; absent or null: until a person resumes it",
      }),
    ),
  },
  { additionalProperties: false },
);
export const ResumeBody = Type.Object({ reason: Reason }, { additionalProperties: false });
export const PauseResult = Type.Object({
  enrollment_id: Type.String(),
  status: Type.String(),
  paused_until: Type.Union([IsoTime, Type.Null()]),
  next_send_at: Type.Union([IsoTime, Type.Null()]),
});

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
