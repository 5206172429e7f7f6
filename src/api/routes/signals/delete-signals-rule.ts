// DELETE /api/v1/signals/rules/:id: Remove a page rule (revops, admin).
// Registered by signals-routes.ts.
import { Type } from "typebox";
import { removePageRule } from "../../../signals/index.ts";
import type { RouteModule } from "../../context.ts";
import { IdParam, stdErrors } from "../../schemas.ts";

export const deleteSignalsRuleRoute: RouteModule = (app, deps) => {
  app.delete(
    "/api/v1/signals/rules/:id",
    {
      schema: {
        tags: ["signals"],
        summary: "Remove a page rule (revops, admin)",
        params: Type.Object({ id: IdParam("page rule") }),
        response: { 200: Type.Object({ rule_id: Type.String(), removed: Type.Boolean() }), ...stdErrors },
      },
    },
    async (req) => removePageRule(deps.db, req.principal, req.params.id),
  );
};
