// People's sign-in over HTTP (issue 11; docs/auth.md): which methods this server offers, the
// current session (with its CSRF token), sign-out, and demo mode's one-click sign-in. Single sign-on
// is in auth-oidc-routes.ts, email links in auth-email-routes.ts. These routes are outside /api:
// they read the session cookie themselves, never a bearer token.
import { Type } from "typebox";
import { recordAudit } from "../../audit/index.ts";
import { loadIdpForSignIn } from "../../auth/oidc/idp-settings.ts";
import { endSessionUrl } from "../../auth/oidc/oidc-flow.ts";
import { describePrincipal } from "../../auth/principal.ts";
import { lookupSession } from "../../auth/sessions/lookup-session.ts";
import { sameSecret } from "../../auth/sessions/opaque-id.ts";
import { revokeSession } from "../../auth/sessions/revoke-sessions.ts";
import { signInOptions } from "../../auth/sessions/sign-in-options.ts";
import { toPrincipal } from "../../auth/tokens.ts";
import { DEMO_CLIENT, demoPrincipals } from "../../demo/demo-principals.ts";
import { BatonError } from "../../errors/baton-error.ts";
import type { RouteModule } from "../context.ts";
import { stdErrors } from "../schemas.ts";
import { checkOrigin, clearSessionCookie, sessionCookieOf } from "../session-auth.ts";
import { signInWithSession, userAgentOf } from "../sign-in-session.ts";

const Str = Type.String();
const SessionView = Type.Object({
  principal_id: Str,
  client_id: Str,
  kind: Type.Union([Type.Literal("person"), Type.Literal("agent")]),
  display_name: Str,
  roles: Type.Array(Str),
  agent_id: Type.Union([Str, Type.Null()]),
  method: Str,
  csrf_token: Str,
  expires_at: Str,
  idle_expires_at: Str,
  demo_mode: Type.Boolean(),
});
const Options = Type.Object({
  demo: Type.Boolean(),
  email: Type.Boolean(),
  demo_mode: Type.Boolean(),
  demo_principals: Type.Array(Type.Object({ key: Str, display_name: Str, roles: Type.Array(Str) })),
});
const SignedIn = Type.Object({ ok: Type.Literal(true) });
const SignedOut = Type.Object({ ok: Type.Literal(true), redirect_to: Str });
const pub = { public: true } as const;

export const authRoutes: RouteModule = (app, deps) => {
  app.get(
    "/auth/options",
    {
      config: pub,
      schema: {
        tags: ["sign-in"],
        summary:
          "The sign-in methods this server offers (demo sign-in only in demo mode without SSO or email sign-in)",
        security: [],
        response: { 200: Options, ...stdErrors },
      },
    },
    async () => {
      const o = await signInOptions(deps.db, deps.config);
      return {
        demo: o.demo,
        email: o.email,
        demo_mode: o.demoMode,
        demo_principals: o.demo
          ? demoPrincipals
              .filter((p) => !p.agentId)
              .map((p) => ({ key: p.key, display_name: p.displayName, roles: p.roles ?? [] }))
          : [],
      };
    },
  );

  app.get(
    "/auth/session",
    {
      config: pub,
      schema: {
        tags: ["sign-in"],
        summary:
          "The signed-in person of the session cookie, and the CSRF token the workspace sends on writes",
        security: [],
        response: { 200: SessionView, ...stdErrors },
      },
    },
    async (req, reply) => {
      reply.header("cache-control", "no-store");
      const s = await lookupSession(deps.db, sessionCookieOf(req, deps), deps.config.session, deps.now());
      const p = s.principal;
      return {
        principal_id: p.principalId,
        client_id: p.clientId,
        kind: p.kind,
        display_name: p.displayName,
        roles: p.roles,
        agent_id: p.agentId,
        method: s.method,
        csrf_token: s.csrfToken,
        expires_at: s.expiresAt.toISOString(),
        idle_expires_at: s.idleExpiresAt.toISOString(),
        demo_mode: deps.config.demo,
      };
    },
  );

  app.post(
    "/auth/sign-out",
    {
      config: pub,
      // before the body is parsed: a cross-origin form is refused as such, not as a bad body
      onRequest: async (req) => checkOrigin(req, deps),
      schema: {
        tags: ["sign-in"],
        summary:
          "Ends the session on the server (Origin and X-CSRF-Token checked); redirect_to is the IdP's logout when it offers one",
        security: [],
        response: { 200: SignedOut, ...stdErrors },
      },
    },
    async (req, reply) => {
      const id = sessionCookieOf(req, deps);
      let redirectTo = "/signin";
      if (id) {
        const now = deps.now();
        const s = await lookupSession(deps.db, id, deps.config.session, now).catch(() => undefined);
        if (s) {
          const sent = req.headers["x-csrf-token"];
          if (!sameSecret(typeof sent === "string" ? sent : undefined, s.csrfToken)) {
            throw new BatonError("CSRF_REFUSED", { reason: "token" });
          }
          await revokeSession(deps.db, id, now);
          await recordAudit(deps.db, {
            clientId: s.principal.clientId,
            actorPrincipalId: s.principal.principalId,
            actorLabel: describePrincipal(s.principal),
            action: "sign_out",
            target: s.principal.principalId,
            details: { method: s.method },
            ip: req.ip,
            userAgent: userAgentOf(req),
          });
          if (s.method === "oidc") {
            const idp = await loadIdpForSignIn(deps.db, s.principal.clientId, deps.config.secret).catch(
              () => undefined,
            );
            const url =
              idp && (await endSessionUrl(idp, `${deps.config.publicUrl}/signin`).catch(() => undefined));
            if (url) redirectTo = url;
          }
        }
      }
      clearSessionCookie(reply, deps);
      return { ok: true as const, redirect_to: redirectTo };
    },
  );

  app.post(
    "/auth/demo",
    {
      config: pub,
      // before the body is parsed: a cross-origin form is refused as such, not as a bad body
      onRequest: async (req) => checkOrigin(req, deps),
      schema: {
        tags: ["sign-in"],
        summary: "Demo mode only: one-click sign-in as a demo person (a session, no token in the browser)",
        security: [],
        body: Type.Object({ key: Type.String({ maxLength: 40 }) }, { additionalProperties: false }),
        response: { 200: SignedIn, ...stdErrors },
      },
    },
    async (req, reply) => {
      if (!(await signInOptions(deps.db, deps.config)).demo) {
        throw new BatonError("SIGN_IN_METHOD_OFF", { method: "demo" });
      }
      const demo = demoPrincipals.find((p) => p.key === req.body.key && !p.agentId);
      const row =
        demo &&
        (await deps.db
          .selectFrom("principals")
          .selectAll()
          .where("client_id", "=", DEMO_CLIENT)
          .where("kind", "=", "person")
          .where("email", "=", demo.email!)
          .executeTakeFirst());
      if (!row) throw new BatonError("NOT_FOUND", { entity: "Demo person", id: req.body.key });
      await signInWithSession(req, reply, deps, toPrincipal(row), "demo");
      return { ok: true as const };
    },
  );
};
