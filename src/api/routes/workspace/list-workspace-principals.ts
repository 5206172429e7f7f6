// GET /api/v1/workspace/principals: The tenant's people and agents by name (who picked up, edited, approved).
// Registered by workspace-routes.ts.
import { Type } from "typebox";
import { listPrincipals } from "../../../workspace/index.ts";
import type { RouteModule } from "../../context.ts";
import { Nullable, stdErrors } from "../../schemas.ts";
import { Str } from "./common.ts";

export const listWorkspacePrincipalsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/workspace/principals",
    {
      schema: {
        tags: ["workspace"],
        summary: "The tenant's people and agents by name (who picked up, edited, approved)",
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                principal_id: Str,
                display_name: Str,
                kind: Str,
                roles: Type.Array(Str),
                agent_id: Nullable(Str),
              }),
            ),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => ({ items: await listPrincipals(deps.db, req.principal) }),
  );
};
