// GET /api/v1/workspace/contacts/:id: One prospect's header: company, tier, segment, opt-out.
// Registered by workspace-routes.ts.
import { Type } from "typebox";
import { getContactSummary } from "../../../workspace/index.ts";
import type { RouteModule } from "../../context.ts";
import { ContactSummary } from "../../schemas/workspace.ts";
import { IdParam, stdErrors } from "../../schemas.ts";

export const getWorkspaceContactRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/workspace/contacts/:id",
    {
      schema: {
        tags: ["workspace"],
        summary: "One prospect's header: company, tier, segment, opt-out",
        params: Type.Object({ id: IdParam("contact", "text") }),
        response: { 200: ContactSummary, ...stdErrors },
      },
    },
    async (req) => getContactSummary(deps.db, req.principal, req.params.id),
  );
};
