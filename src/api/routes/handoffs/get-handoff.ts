// GET /api/v1/handoffs/:id: One hand-off.
// Registered by handoffs-routes.ts.
import { getHandoff } from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { IdParams } from "../../schemas/enrollments.ts";
import { stdErrors } from "../../schemas.ts";
import { HandoffRef, tags } from "./common.ts";

export const getHandoffRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/handoffs/:id",
    {
      schema: {
        tags,
        summary: "One hand-off",
        params: IdParams,
        response: { 200: HandoffRef, ...stdErrors },
      },
    },
    async (req) => getHandoff(deps.db, req.principal, req.params.id),
  );
};
