// GET /auth/oidc/start: Starts single sign-on for a workspace: redirects to its IdP (code flow, PKCE, state, nonce).
// Registered by auth-oidc-routes.ts.
import { Type } from "typebox";
import { loadIdpForSignIn } from "../../../auth/oidc/idp-settings.ts";
import { startOidcSignIn } from "../../../auth/oidc/oidc-flow.ts";
import type { RouteModule } from "../../context.ts";
import { toBatonError } from "../../error-handler.ts";
import { cookieOpts, redirectUri, signInPage, stateCookieName } from "./common.ts";

export const getAuthOidcStartRoute: RouteModule = (app, deps) => {
  app.get(
    "/auth/oidc/start",
    {
      config: { public: true },
      schema: {
        tags: ["sign-in"],
        summary:
          "Starts single sign-on for a workspace: redirects to its IdP (code flow, PKCE, state, nonce)",
        security: [],
        querystring: Type.Object({
          client: Type.String({
            pattern: "^[a-z0-9][a-z0-9_-]{0,62}$",
            description: "The tenant (client id) to sign in to",
          }),
        }),
      },
    },
    async (req, reply) => {
      try {
        const idp = await loadIdpForSignIn(deps.db, req.query.client, deps.config.secret);
        const { url, state } = await startOidcSignIn(deps.db, idp, redirectUri(deps), deps.now());
        reply.setCookie(stateCookieName(deps), state, { ...cookieOpts(deps), maxAge: 600 });
        return reply.redirect(url, 302);
      } catch (e) {
        const err = toBatonError(e);
        if (err.status >= 500) throw e;
        req.log.warn({ code: err.code, reason: err.facts.reason }, "single sign-on did not start");
        return reply.redirect(signInPage(err.code, { client: req.query.client }), 302);
      }
    },
  );
};
