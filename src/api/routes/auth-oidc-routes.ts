// Single sign-on over HTTP (issue 11; docs/auth.md): GET /auth/oidc/start?client=<tenant> sends the
// browser to the tenant's IdP; GET /auth/oidc/callback finishes the code flow, provisions the person
// just in time, opens a session and sends the browser to the workspace. Refusals land on the
// sign-in page with a code it explains (/signin?error=…). The callback's query (an authorization
// code, single-use and bound to our PKCE verifier) is kept out of the request log: this route logs
// at warn and above only.
import { Type } from "typebox";
import { loadIdpForSignIn } from "../../auth/oidc/idp-settings.ts";
import { finishOidcSignIn, startOidcSignIn, tenantOfState } from "../../auth/oidc/oidc-flow.ts";
import { provisionPerson } from "../../auth/oidc/provision-person.ts";
import type { AppDeps, RouteModule } from "../context.ts";
import { toBatonError } from "../error-handler.ts";
import { auditFailedSignIn, signInWithSession } from "../sign-in-session.ts";
import { isHttps } from "../web-security.ts";

function stateCookieName(deps: AppDeps): string {
  return isHttps(deps.config.publicUrl) ? "__Host-baton_oidc_state" : "baton_oidc_state";
}

function signInPage(code: string, extra: Record<string, string> = {}): string {
  return `/signin?${new URLSearchParams({ error: code, ...extra }).toString()}`;
}

export const authOidcRoutes: RouteModule = (app, deps) => {
  const redirectUri = () => `${deps.config.publicUrl}/auth/oidc/callback`;
  const cookieOpts = () => ({
    path: "/",
    httpOnly: true,
    sameSite: "lax" as const,
    secure: isHttps(deps.config.publicUrl),
  });

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
        const { url, state } = await startOidcSignIn(deps.db, idp, redirectUri(), deps.now());
        reply.setCookie(stateCookieName(deps), state, { ...cookieOpts(), maxAge: 600 });
        return reply.redirect(url, 302);
      } catch (e) {
        const err = toBatonError(e);
        if (err.status >= 500) throw e;
        req.log.warn({ code: err.code, reason: err.facts.reason }, "single sign-on did not start");
        return reply.redirect(signInPage(err.code, { client: req.query.client }), 302);
      }
    },
  );

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
      reply.clearCookie(stateCookieName(deps), cookieOpts());
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
