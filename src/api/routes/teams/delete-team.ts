// DELETE /api/v1/teams/:id: Delete a team and its memberships; its people stay and its campaigns become the workspace's (RevOps, admin; audited team_deleted).
// Registered by teams-routes.ts.
import { Type } from "typebox";
import { deleteTeam } from "../../../teams/index.ts";
import { auditSourceOf } from "../../audit-source.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { TeamParams, tags } from "./common.ts";

export const deleteTeamRoute: RouteModule = (app, deps) => {
  app.delete(
    "/api/v1/teams/:id",
    {
      schema: {
        tags,
        summary:
          "Delete a team and its memberships; its people stay and its campaigns become the workspace's (RevOps, admin; audited team_deleted)",
        params: TeamParams,
        response: {
          200: Type.Object({
            team_id: Type.String({ format: "uuid" }),
            members_removed: Type.Integer(),
            campaigns_released: Type.Integer({ description: "the team's campaigns, now the workspace's" }),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => deleteTeam(deps.db, req.principal, req.params.id, auditSourceOf(req)),
  );
};
