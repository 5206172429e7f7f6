// POST /api/v1/handoffs/:id/route: The exec routes a hand-off: enrolls the contact in the chosen campaign(s) with notes, or closes it.
// Registered by handoffs-routes.ts.
import { Type } from "typebox";
import { routeHandoff } from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { EnrollResult, IdParams } from "../../schemas/enrollments.ts";
import { RouteHandoffBody } from "../../schemas/handoffs.ts";
import { stdErrors } from "../../schemas.ts";
import { HandoffRef, tags } from "./common.ts";

export const postHandoffRouteRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/handoffs/:id/route",
    {
      schema: {
        tags,
        summary:
          "The exec routes a hand-off: enrolls the contact in the chosen campaign(s) with notes, or closes it",
        params: IdParams,
        body: RouteHandoffBody,
        response: {
          200: Type.Object({ handoff: HandoffRef, enrollments: Type.Array(EnrollResult) }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      const { campaigns, goal, notes } = req.body;
      return routeHandoff(
        deps.db,
        req.principal,
        { handoffId: req.params.id, campaigns, goal: goal as any, notes },
        deps.now(),
      );
    },
  );
};
