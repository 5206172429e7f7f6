// The admin's view of people, API tokens and the audit log (issue 11). Admin role only; every write
// is audited with the request's IP and user agent.
import type { RouteModule } from "../context.ts";
import { createAdminPeopleRevokeSessionRoute } from "./admin/create-admin-people-revoke-session.ts";
import { getAdminAuditRoute } from "./admin/get-admin-audit.ts";
import { getAdminPeopleRoute } from "./admin/get-admin-people.ts";
import { listAdminTokensRoute } from "./admin/list-admin-tokens.ts";
import { postAdminPeopleRoute } from "./admin/post-admin-people.ts";
import { postAdminPeopleDeactivateRoute } from "./admin/post-admin-people-deactivate.ts";
import { postAdminPeopleReactivateRoute } from "./admin/post-admin-people-reactivate.ts";
import { postAdminTokenRevokeRoute } from "./admin/post-admin-token-revoke.ts";
import { postAdminTokensRoute } from "./admin/post-admin-tokens.ts";
import { putAdminAgentRolesRoute } from "./admin/put-admin-agent-roles.ts";
import { putAdminPeopleRolesRoute } from "./admin/put-admin-people-roles.ts";

export const adminRoutes: RouteModule = (app, deps) => {
  getAdminPeopleRoute(app, deps); // GET /api/v1/admin/people
  postAdminPeopleRoute(app, deps); // POST /api/v1/admin/people
  putAdminPeopleRolesRoute(app, deps); // PUT /api/v1/admin/people/:id/roles
  putAdminAgentRolesRoute(app, deps); // PUT /api/v1/admin/agents/:agent_id/roles
  postAdminPeopleDeactivateRoute(app, deps); // POST /api/v1/admin/people/:id/deactivate
  postAdminPeopleReactivateRoute(app, deps); // POST /api/v1/admin/people/:id/reactivate
  createAdminPeopleRevokeSessionRoute(app, deps); // POST /api/v1/admin/people/:id/revoke-sessions
  listAdminTokensRoute(app, deps); // GET /api/v1/admin/tokens
  postAdminTokensRoute(app, deps); // POST /api/v1/admin/tokens
  postAdminTokenRevokeRoute(app, deps); // POST /api/v1/admin/tokens/:id/revoke
  getAdminAuditRoute(app, deps); // GET /api/v1/admin/audit
};
