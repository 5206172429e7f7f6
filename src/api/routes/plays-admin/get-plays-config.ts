// GET /api/v1/plays/config: Play library configuration: caps, auto-sunset, review threshold.
// Registered by plays-admin-routes.ts.
import { getPlayConfig } from "../../../plays/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Config, tags } from "./common.ts";

export const getPlaysConfigRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/plays/config",
    {
      schema: {
        tags,
        summary: "Play library configuration: caps, auto-sunset, review threshold",
        response: { 200: Config, ...stdErrors },
      },
    },
    async (req) => getPlayConfig(deps.db, req.principal, deps.now()),
  );
};
