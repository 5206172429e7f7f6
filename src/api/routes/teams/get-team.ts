// GET /api/v1/teams/:id: One team with its people.
// Registered by teams-routes.ts.
import { getTeam } from "../../../teams/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Team, TeamParams, tags } from "./common.ts";

export const getTeamRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/teams/:id",
    {
      schema: {
        tags,
        summary: "One team with its people",
        params: TeamParams,
        response: { 200: Team, ...stdErrors },
      },
    },
    async (req) => getTeam(deps.db, req.principal, req.params.id),
  );
};
