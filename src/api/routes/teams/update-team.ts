// PATCH /api/v1/teams/:id: Rename a team or change its description (RevOps, admin; audited team_changed).
// Registered by teams-routes.ts.
import { Type } from "typebox";
import { changeTeam } from "../../../teams/index.ts";
import { auditSourceOf } from "../../audit-source.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Description, Name, Team, TeamParams, tags } from "./common.ts";

export const updateTeamRoute: RouteModule = (app, deps) => {
  app.patch(
    "/api/v1/teams/:id",
    {
      schema: {
        tags,
        summary: "Rename a team or change its description (RevOps, admin; audited team_changed)",
        params: TeamParams,
        body: Type.Object(
          { name: Type.Optional(Name), description: Type.Optional(Description) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Team, ...stdErrors },
      },
    },
    async (req) => changeTeam(deps.db, req.principal, req.params.id, req.body, auditSourceOf(req)),
  );
};
