import { Type } from "typebox";
import type { RouteModule } from "../context.ts";
import { stdErrors } from "../schemas.ts";

export const Me = Type.Object({
  principal_id: Type.String(),
  client_id: Type.String(),
  kind: Type.Union([Type.Literal("person"), Type.Literal("agent")]),
  display_name: Type.String(),
  roles: Type.Array(Type.String()),
  agent_id: Type.Union([Type.String(), Type.Null()]),
});

export const whoamiRoutes: RouteModule = (app) => {
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
