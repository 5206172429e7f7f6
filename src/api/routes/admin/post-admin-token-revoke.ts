// POST /api/v1/admin/tokens/:id/revoke: Revoke an API token; its next request is refused with TOKEN_REVOKED (admin; audited).
// Registered by admin-routes.ts.
import { revokeApiToken } from "../../../admin/index.ts";
import { auditSourceOf as sourceOf } from "../../audit-source.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Token } from "../admin-schemas.ts";
import { IdParams, tags } from "./common.ts";

export const postAdminTokenRevokeRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/admin/tokens/:id/revoke",
    {
      schema: {
        tags,
        summary: "Revoke an API token; its next request is refused with TOKEN_REVOKED (admin; audited)",
        params: IdParams,
        response: { 200: Token, ...stdErrors },
      },
    },
    async (req) => revokeApiToken(deps.db, req.principal, req.params.id, deps.now(), sourceOf(req)),
  );
};
