// People's sign-in over HTTP (issue 11; docs/auth.md): which methods this server offers, the
// current session (with its CSRF token), sign-out, and demo mode's one-click sign-in. Single sign-on
// is in auth-oidc-routes.ts, email links in auth-email-routes.ts. These routes are outside /api:
// they read the session cookie themselves, never a bearer token.
import type { RouteModule } from "../context.ts";
import { getAuthSessionRoute } from "./auth/get-auth-session.ts";
import { listAuthOptionsRoute } from "./auth/list-auth-options.ts";
import { postAuthDemoRoute } from "./auth/post-auth-demo.ts";
import { postAuthSignOutRoute } from "./auth/post-auth-sign-out.ts";

export const authRoutes: RouteModule = (app, deps) => {
  listAuthOptionsRoute(app, deps); // GET /auth/options
  getAuthSessionRoute(app, deps); // GET /auth/session
  postAuthSignOutRoute(app, deps); // POST /auth/sign-out
  postAuthDemoRoute(app, deps); // POST /auth/demo
};
