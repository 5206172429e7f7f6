// GET /auth/session: The signed-in person of the session cookie, and the CSRF token the workspace sends on writes.
// Registered by auth-routes.ts.
import { lookupSession } from "../../../auth/sessions/lookup-session.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { sessionCookieOf } from "../../session-auth.ts";
import { pub, SessionView } from "./common.ts";

export const getAuthSessionRoute: RouteModule = (app, deps) => {
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
};
