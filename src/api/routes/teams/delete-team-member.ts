// DELETE /api/v1/teams/:id/members/:principal_id: Take a person out of the team (RevOps, admin; audited team_member_removed).
// Registered by teams-routes.ts.
import { removeTeamMember } from "../../../teams/index.ts";
import { auditSourceOf } from "../../audit-source.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { MemberParams, Team, tags } from "./common.ts";

export const deleteTeamMemberRoute: RouteModule = (app, deps) => {
  app.delete(
    "/api/v1/teams/:id/members/:principal_id",
    {
      schema: {
        tags,
        summary: "Take a person out of the team (RevOps, admin; audited team_member_removed)",
        params: MemberParams,
        response: { 200: Team, ...stdErrors },
      },
    },
    async (req) =>
      removeTeamMember(deps.db, req.principal, req.params.id, req.params.principal_id, auditSourceOf(req)),
  );
};
