// POST /api/v1/coordinator/steps: Gate an enrollment's current step now (the engine does this for due steps).
// Registered by coordinator-routes.ts.
import { Type } from "typebox";
import { gateStepAs } from "../../../coordinator/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { DecisionView, tags, view } from "./common.ts";

export const postCoordinatorStepsRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/coordinator/steps",
    {
      schema: {
        tags,
        summary: "Gate an enrollment's current step now (the engine does this for due steps)",
        body: Type.Object({ enrollment_id: Type.String({ maxLength: 64 }) }, { additionalProperties: false }),
        response: { 200: DecisionView, ...stdErrors },
      },
    },
    async (req) => view(await gateStepAs(deps.db, req.principal, req.body.enrollment_id, deps.now())),
  );
};
