// GET /api/v1/workspace/dashboard: RevOps dashboard aggregates: caps, active over time, promotion, edits, touches, suppressions, cohorts.
// Registered by workspace-routes.ts.
import { Type } from "typebox";
import { loadDashboard } from "../../../workspace/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Dashboard } from "./common.ts";

export const getWorkspaceDashboardRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/workspace/dashboard",
    {
      schema: {
        tags: ["workspace"],
        summary:
          "RevOps dashboard aggregates: caps, active over time, promotion, edits, touches, suppressions, cohorts",
        querystring: Type.Object({
          days: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: 366,
              default: 30,
              description: "Days of daily figures (default 30)",
            }),
          ),
          weeks: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: 104,
              default: 12,
              description: "Weeks of weekly figures (default 12)",
            }),
          ),
        }),
        response: { 200: Dashboard, ...stdErrors },
      },
    },
    async (req) => loadDashboard(deps.db, req.principal, deps.now(), req.query),
  );
};
