// Territories, account owners and assignment (issue 61 item 1): everyone of the workspace reads the
// territories; RevOps and admins create, change and delete them (each write can be a dry run that
// answers with who moves), set an account's owner, name a person's CRM user id, and route the
// contacts that have no owner (src/teams/; each change audited).
import type { RouteModule } from "../context.ts";
import { createTerritoryRoute } from "./territories/create-territory.ts";
import { deleteTerritoryRoute } from "./territories/delete-territory.ts";
import { listTerritoriesRoute } from "./territories/list-territories.ts";
import { postTerritoriesAssignRoute } from "./territories/post-territories-assign.ts";
import { putAccountOwnerRoute } from "./territories/put-account-owner.ts";
import { putAdminPeopleCrmUserRoute } from "./territories/put-admin-people-crm-user.ts";
import { updateTerritoryRoute } from "./territories/update-territory.ts";

export const territoriesRoutes: RouteModule = (app, deps) => {
  listTerritoriesRoute(app, deps); // GET /api/v1/territories
  createTerritoryRoute(app, deps); // POST /api/v1/territories
  updateTerritoryRoute(app, deps); // PATCH /api/v1/territories/:id
  deleteTerritoryRoute(app, deps); // DELETE /api/v1/territories/:id
  postTerritoriesAssignRoute(app, deps); // POST /api/v1/territories/assign
  putAccountOwnerRoute(app, deps); // PUT /api/v1/accounts/:id/owner
  putAdminPeopleCrmUserRoute(app, deps); // PUT /api/v1/admin/people/:id/crm-user
};
