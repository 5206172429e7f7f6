// PUT /api/v1/teams/:id/members/:principal_id: Put an active person in the team as manager or member, or change their role there (RevOps, admin; audited team_member_set).
// Registered by teams-routes.ts.
import { Type } from "typebox";
import type { TeamRole } from "../../../teams/index.ts";
import { setTeamMember } from "../../../teams/index.ts";
import { auditSourceOf } from "../../audit-source.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { MemberParams, Role, Team, tags } from "./common.ts";

export const putTeamMemberRoute: RouteModule = (app, deps) => {
  app.put(
    "/api/v1/teams/:id/members/:principal_id",
    {
      schema: {
        tags,
        summary:
          "Put an active person in the team as manager or member, or change their role there (RevOps, admin; audited team_member_set)",
        params: MemberParams,
        body: Type.Object({ role: Role }, { additionalProperties: false }),
        response: { 200: Team, ...stdErrors },
      },
    },
    async (req) =>
      setTeamMember(
        deps.db,
        req.principal,
        req.params.id,
        req.params.principal_id,
        req.body.role as TeamRole,
        auditSourceOf(req),
      ),
  );
};
