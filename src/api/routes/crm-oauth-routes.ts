// Connecting a CRM of record over OAuth2 (issue 41 item 1; issue 58, Deliver 2; docs/adapters.md
// "Connecting a CRM"): a revops or admin person asks for the authorize URL (a grant in flight, with
// its state and PKCE verifier kept server-side), grants access in the CRM, and the CRM sends the
// browser back to the callback, which completes the grant only in that person's Baton sign-in
// session. A grant for another account than the connected one waits for POST …/confirm. Thin over
// src/crm/connect-crm.ts.
import type { RouteModule } from "../context.ts";
import { getCrmOauthCallbackRoute } from "./crm-oauth/get-crm-oauth-callback.ts";
import { getCrmOauthStartRoute } from "./crm-oauth/get-crm-oauth-start.ts";
import { postCrmOauthConfirmRoute } from "./crm-oauth/post-crm-oauth-confirm.ts";

export const crmOAuthRoutes: RouteModule = (app, deps) => {
  getCrmOauthStartRoute(app, deps); // GET /api/v1/crm/oauth/:provider/start
  getCrmOauthCallbackRoute(app, deps); // GET /api/v1/crm/oauth/:provider/callback
  postCrmOauthConfirmRoute(app, deps); // POST /api/v1/crm/oauth/:provider/confirm
};
