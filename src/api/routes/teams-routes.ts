// Teams (issue 61 item 1): everyone of the workspace reads them; RevOps and admins create, rename and
// delete teams and set who is in them (src/teams/manage-teams.ts; each change audited).
import type { RouteModule } from "../context.ts";
import { createTeamRoute } from "./teams/create-team.ts";
import { deleteTeamRoute } from "./teams/delete-team.ts";
import { deleteTeamMemberRoute } from "./teams/delete-team-member.ts";
import { getTeamRoute } from "./teams/get-team.ts";
import { listTeamsRoute } from "./teams/list-teams.ts";
import { putTeamMemberRoute } from "./teams/put-team-member.ts";
import { updateTeamRoute } from "./teams/update-team.ts";

export const teamsRoutes: RouteModule = (app, deps) => {
  listTeamsRoute(app, deps); // GET /api/v1/teams
  getTeamRoute(app, deps); // GET /api/v1/teams/:id
  createTeamRoute(app, deps); // POST /api/v1/teams
  updateTeamRoute(app, deps); // PATCH /api/v1/teams/:id
  deleteTeamRoute(app, deps); // DELETE /api/v1/teams/:id
  putTeamMemberRoute(app, deps); // PUT /api/v1/teams/:id/members/:principal_id
  deleteTeamMemberRoute(app, deps); // DELETE /api/v1/teams/:id/members/:principal_id
};
