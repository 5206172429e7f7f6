// A person approves an MCP client in the workspace, and admins see and revoke connected clients
// (issue 61 item 4). Session- or token-authenticated like every /api route; the writes pass the
// workspace's CSRF checks. The domain is src/auth/mcp-oauth (consent.ts, connected-clients.ts).
import type { RouteModule } from "../context.ts";
import { deleteAdminOauthClientRoute } from "./oauth-consent/delete-admin-oauth-client.ts";
import { getOauthRequestRoute } from "./oauth-consent/get-oauth-request.ts";
import { listAdminOauthClientsRoute } from "./oauth-consent/list-admin-oauth-clients.ts";
import { postOauthRequestVerdictRoute } from "./oauth-consent/post-oauth-request-verdict.ts";

export const oauthConsentRoutes: RouteModule = (app, deps) => {
  getOauthRequestRoute(app, deps); // GET /api/v1/oauth/requests/:uid

  for (const verdict of ["approve", "deny"] as const) {
    postOauthRequestVerdictRoute(app, deps, verdict); // POST /api/v1/oauth/requests/:uid/{approve,deny}
  }
  listAdminOauthClientsRoute(app, deps); // GET /api/v1/admin/oauth-clients
  deleteAdminOauthClientRoute(app, deps); // DELETE /api/v1/admin/oauth-clients/:app_id
};
