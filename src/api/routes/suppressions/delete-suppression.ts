// DELETE /api/v1/suppressions/:id: Remove an entry (an erased person's entry cannot be removed).
// Registered by suppressions-routes.ts.
import { Type } from "typebox";
import { removeSuppression } from "../../../prospects/manage-suppressions.ts";
import type { RouteModule } from "../../context.ts";
import { IdParam, stdErrors } from "../../schemas.ts";

export const deleteSuppressionRoute: RouteModule = (app, deps) => {
  app.delete(
    "/api/v1/suppressions/:id",
    {
      schema: {
        tags: ["prospects"],
        summary: "Remove an entry (an erased person's entry cannot be removed)",
        params: Type.Object({ id: IdParam("suppression entry") }),
        response: { 200: Type.Object({ id: Type.String(), removed: Type.Boolean() }), ...stdErrors },
      },
    },
    async (req) => removeSuppression(deps.db, req.principal, req.params.id),
  );
};
