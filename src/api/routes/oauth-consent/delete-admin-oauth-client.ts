// DELETE /api/v1/admin/oauth-clients/:app_id: Revoke a connected client: every approval, code and token of it ends at once (admin).
// Registered by oauth-consent-routes.ts.
import { Type } from "typebox";
import { revokeConnectedClient } from "../../../auth/mcp-oauth/connected-clients.ts";
import { auditSourceOf } from "../../audit-source.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const deleteAdminOauthClientRoute: RouteModule = (app, deps) => {
  app.delete(
    "/api/v1/admin/oauth-clients/:app_id",
    {
      schema: {
        tags,
        summary: "Revoke a connected client: every approval, code and token of it ends at once (admin)",
        params: Type.Object({
          app_id: Type.String({
            minLength: 1,
            maxLength: 200,
            description: "The client's id, as the list of connected clients gives it",
          }),
        }),
        response: {
          200: Type.Object({ app_id: Type.String(), approvals_revoked: Type.Integer() }),
          ...stdErrors,
        },
      },
    },
    async (req) => revokeConnectedClient(deps.db, req.principal, req.params.app_id, auditSourceOf(req)),
  );
};
