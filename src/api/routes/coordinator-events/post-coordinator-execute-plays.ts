// POST /api/v1/coordinator/execute-plays: Execute the tenant's active plays now (RevOps): each target contact is asked through the gates.
// Registered by coordinator-events-routes.ts.
import { Type } from "typebox";
import { executeActivePlaysFor } from "../../../plays/index.ts";
import type { RouteModule } from "../../context.ts";
import { PlayRun } from "../../schemas/coordinator.ts";
import { stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const postCoordinatorExecutePlaysRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/coordinator/execute-plays",
    {
      schema: {
        tags,
        summary:
          "Execute the tenant's active plays now (RevOps): each target contact is asked through the gates",
        response: { 200: Type.Object({ runs: Type.Array(PlayRun) }), ...stdErrors },
      },
    },
    async (req) => ({ runs: await executeActivePlaysFor(deps.db, req.principal, deps.now()) }),
  );
};
