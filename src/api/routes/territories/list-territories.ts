// GET /api/v1/territories: The workspace's territories in the order that decides (everyone signed in).
// Registered by territories-routes.ts.
import { Type } from "typebox";
import { listTerritories } from "../../../teams/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Territory, tags } from "./common.ts";

export const listTerritoriesRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/territories",
    {
      schema: {
        tags,
        summary: "The workspace's territories in the order that decides (everyone signed in)",
        response: { 200: Type.Object({ items: Type.Array(Territory) }), ...stdErrors },
      },
    },
    async (req) => ({ items: await listTerritories(deps.db, req.principal) }),
  );
};
