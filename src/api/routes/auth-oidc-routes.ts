// Single sign-on over HTTP (issue 11; docs/auth.md): GET /auth/oidc/start?client=<tenant> sends the
// browser to the tenant's IdP; GET /auth/oidc/callback finishes the code flow, provisions the person
// just in time, opens a session and sends the browser to the workspace. Refusals land on the
// sign-in page with a code it explains (/signin?error=…). The callback's query (an authorization
// code, single-use and bound to our PKCE verifier) is kept out of the request log: this route logs
// at warn and above only.
import type { RouteModule } from "../context.ts";
import { getAuthOidcCallbackRoute } from "./auth-oidc/get-auth-oidc-callback.ts";
import { getAuthOidcStartRoute } from "./auth-oidc/get-auth-oidc-start.ts";

export const authOidcRoutes: RouteModule = (app, deps) => {
  getAuthOidcStartRoute(app, deps); // GET /auth/oidc/start
  getAuthOidcCallbackRoute(app, deps); // GET /auth/oidc/callback
};
