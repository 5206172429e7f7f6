// POST /api/v1/admin/people/:id/revoke-sessions: Sign a person out everywhere: every session of theirs ends now; they stay active, their tokens keep working (admin; audited sessions_revoked).
// Registered by admin-routes.ts.
import { revokePersonSessions } from "../../../admin/index.ts";
import { auditSourceOf as sourceOf } from "../../audit-source.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { clearSessionCookie } from "../../session-auth.ts";
import { SessionsRevoked } from "../admin-schemas.ts";
import { IdParams, tags } from "./common.ts";

export const createAdminPeopleRevokeSessionRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/admin/people/:id/revoke-sessions",
    {
      schema: {
        tags,
        summary:
          "Sign a person out everywhere: every session of theirs ends now; they stay active, their tokens keep working (admin; audited sessions_revoked)",
        params: IdParams,
        response: { 200: SessionsRevoked, ...stdErrors },
      },
    },
    async (req, reply) => {
      const r = await revokePersonSessions(deps.db, req.principal, req.params.id, deps.now(), sourceOf(req));
      // an admin who signs themselves out everywhere ended the session of this very request too
      const signedOut = req.signInSession?.principal.principalId === req.params.id;
      if (signedOut) clearSessionCookie(reply, deps);
      return { ...r, signed_out: signedOut };
    },
  );
};
