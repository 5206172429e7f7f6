// Endpoints the workspace pages need that no domain module provides: demo sign-in, dashboard
// aggregates, contact search. Thin: parse, authorize, call one src/workspace function.
import { Type } from "typebox";
import { BatonError } from "../../errors/baton-error.ts";
import { listDemoPrincipals } from "../../workspace/list-demo-principals.ts";
import type { RouteModule } from "../context.ts";
import { stdErrors } from "../schemas.ts";

const DemoPrincipal = Type.Object({
  key: Type.String(),
  display_name: Type.String(),
  kind: Type.Union([Type.Literal("person"), Type.Literal("agent")]),
  roles: Type.Array(Type.String()),
  agent_id: Type.Union([Type.String(), Type.Null()]),
  token: Type.String(),
});

export const workspaceRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/demo/principals",
    {
      config: { public: true },
      schema: {
        tags: ["workspace"],
        summary: "Demo mode only: the demo principals and their tokens, for one-click sign-in",
        security: [],
        response: { 200: Type.Object({ items: Type.Array(DemoPrincipal) }), ...stdErrors },
      },
    },
    async (req) => {
      // outside demo mode this route does not exist (same body as any unknown route)
      if (!deps.config.demo) throw new BatonError("NOT_FOUND", { entity: "Route", id: `GET ${req.url}` });
      return { items: listDemoPrincipals() };
    },
  );
};
