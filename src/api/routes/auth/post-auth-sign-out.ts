// POST /auth/sign-out: Ends the session on the server (Origin and X-CSRF-Token checked); redirect_to is the IdP's logout when it offers one.
// Registered by auth-routes.ts.
import { recordAudit } from "../../../audit/index.ts";
import { loadIdpForSignIn } from "../../../auth/oidc/idp-settings.ts";
import { endSessionUrl } from "../../../auth/oidc/oidc-flow.ts";
import { describePrincipal } from "../../../auth/principal.ts";
import { lookupSession } from "../../../auth/sessions/lookup-session.ts";
import { sameSecret } from "../../../auth/sessions/opaque-id.ts";
import { revokeSession } from "../../../auth/sessions/revoke-sessions.ts";
import { BatonError } from "../../../errors/baton-error.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { checkOrigin, clearSessionCookie, sessionCookieOf } from "../../session-auth.ts";
import { userAgentOf } from "../../sign-in-session.ts";
import { pub, SignedOut } from "./common.ts";

export const postAuthSignOutRoute: RouteModule = (app, deps) => {
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
};
