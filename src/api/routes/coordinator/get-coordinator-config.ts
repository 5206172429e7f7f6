// GET /api/v1/coordinator/config: The tenant's touch caps and conflict queue period.
// Registered by coordinator-routes.ts.
import { getCoordinatorConfig } from "../../../coordinator/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Config, configView, tags } from "./common.ts";

export const getCoordinatorConfigRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/coordinator/config",
    {
      schema: {
        tags,
        summary: "The tenant's touch caps and conflict queue period",
        response: { 200: Config, ...stdErrors },
      },
    },
    async (req) => configView(await getCoordinatorConfig(deps.db, req.principal)),
  );
};
