// POST /api/v1/enrollments/:id/exit: End an enrollment (exit_contact) and follow the campaign's on_exit.
// Registered by campaigns-routes.ts.
import { exitEnrollment } from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { ExitBody, ExitResult, IdParams } from "../../schemas/enrollments.ts";
import { stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const postEnrollmentExitRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/enrollments/:id/exit",
    {
      schema: {
        tags,
        summary: "End an enrollment (exit_contact) and follow the campaign's on_exit",
        params: IdParams,
        body: ExitBody,
        response: { 200: ExitResult, ...stdErrors },
      },
    },
    async (req) => {
      const input = { enrollmentId: req.params.id, reason: req.body.reason, notes: req.body.notes };
      return exitEnrollment(deps.db, req.principal, input, deps.now());
    },
  );
};
