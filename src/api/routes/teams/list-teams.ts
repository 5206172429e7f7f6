// GET /api/v1/teams: The workspace's teams by name, each with its managers and members (everyone signed in).
// Registered by teams-routes.ts.
import { Type } from "typebox";
import { listTeams } from "../../../teams/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Team, tags } from "./common.ts";

export const listTeamsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/teams",
    {
      schema: {
        tags,
        summary: "The workspace's teams by name, each with its managers and members (everyone signed in)",
        response: { 200: Type.Object({ items: Type.Array(Team) }), ...stdErrors },
      },
    },
    async (req) => ({ items: await listTeams(deps.db, req.principal) }),
  );
};
