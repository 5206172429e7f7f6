// GET /api/v1/me: The principal of the bearer token.
// Registered by whoami-routes.ts.
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Me } from "./common.ts";

export const getMeRoute: RouteModule = (app) => {
  app.get(
    "/api/v1/me",
    {
      schema: {
        tags: ["system"],
        summary: "The principal of the bearer token",
        response: { 200: Me, ...stdErrors },
      },
    },
    async (req) => ({
      principal_id: req.principal.principalId,
      client_id: req.principal.clientId,
      kind: req.principal.kind,
      display_name: req.principal.displayName,
      roles: req.principal.roles,
      agent_id: req.principal.agentId,
    }),
  );
};
