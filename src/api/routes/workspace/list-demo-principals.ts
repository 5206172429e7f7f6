// GET /api/v1/demo/principals: Demo mode only: the demo principals and their tokens, for one-click sign-in.
// Registered by workspace-routes.ts.
import { Type } from "typebox";
import { listDemoPrincipals } from "../../../demo/list-demo-principals.ts";
import { BatonError } from "../../../errors/baton-error.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { DemoPrincipal } from "./common.ts";

export const listDemoPrincipalsRoute: RouteModule = (app, deps) => {
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
