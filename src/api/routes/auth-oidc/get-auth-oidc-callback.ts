// GET /auth/oidc/callback: The IdP's redirect back (authorization code).
// Registered by auth-oidc-routes.ts.
import { loadIdpForSignIn } from "../../../auth/oidc/idp-settings.ts";
import { finishOidcSignIn, tenantOfState } from "../../../auth/oidc/oidc-flow.ts";
import { provisionPerson } from "../../../auth/oidc/provision-person.ts";
import type { RouteModule } from "../../context.ts";
import { toBatonError } from "../../error-handler.ts";
import { auditFailedSignIn, signInWithSession } from "../../sign-in-session.ts";
import { cookieOpts, signInPage, stateCookieName } from "./common.ts";

export const getAuthOidcCallbackRoute: RouteModule = (app, deps) => {
  app.get(
    "/auth/oidc/callback",
    {
      config: { public: true },
      logLevel: "warn",
      schema: {
        tags: ["sign-in"],
        summary: "The IdP's redirect back (authorization code)",
        security: [],
        hide: true,
      },
    },
    async (req, reply) => {
      const url = new URL(req.url, deps.config.publicUrl);
      const stateCookie = req.cookies[stateCookieName(deps)];
      reply.clearCookie(stateCookieName(deps), cookieOpts(deps));
      const client = await tenantOfState(deps.db, url.searchParams.get("state"));
      try {
        const who = await finishOidcSignIn(
          deps.db,
          (c) => loadIdpForSignIn(deps.db, c, deps.config.secret),
          url,
          stateCookie,
          deps.now(),
        );
        const { principal, created, previousRoles } = await provisionPerson(deps.db, who);
        await signInWithSession(req, reply, deps, principal, "oidc", {
          email: who.email,
          roles: who.roles,
          ...(created ? { provisioned: true } : {}),
          ...(previousRoles.join() !== who.roles.join() ? { previous_roles: previousRoles } : {}),
        });
        return reply.redirect("/", 302);
      } catch (e) {
        const err = toBatonError(e);
        if (err.status >= 500) throw e;
        req.log.warn({ code: err.code, reason: err.facts.reason }, "single sign-on refused");
        await auditFailedSignIn(req, deps, client, "oidc", String(err.facts.reason ?? err.code), {
          label: typeof err.facts.email === "string" ? err.facts.email : "unknown",
        });
        const extra: Record<string, string> = {};
        if (typeof err.facts.domain === "string") extra.domain = err.facts.domain;
        if (typeof err.facts.reason === "string") extra.reason = err.facts.reason;
        return reply.redirect(signInPage(err.code, extra), 302);
      }
    },
  );
};
