// GET /api/v1/signals/rules: The page rules: which URL path (page event) or event name (track event) is which signal type.
// Registered by signals-routes.ts.
import { Type } from "typebox";
import { listPageRules } from "../../../signals/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { PageRule } from "./common.ts";

export const listSignalsRulesRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/signals/rules",
    {
      schema: {
        tags: ["signals"],
        summary:
          "The page rules: which URL path (page event) or event name (track event) is which signal type",
        response: { 200: Type.Object({ items: Type.Array(PageRule) }), ...stdErrors },
      },
    },
    async (req) => ({ items: await listPageRules(deps.db, req.principal) }),
  );
};
