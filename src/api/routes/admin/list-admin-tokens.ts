// GET /api/v1/admin/tokens: API tokens of the workspace: name, whose, the book it reaches, status, expiry, last use (never the token).
// Registered by admin-routes.ts.
import { Type } from "typebox";
import { listTokens } from "../../../admin/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Token } from "../admin-schemas.ts";
import { tags } from "./common.ts";

export const listAdminTokensRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/admin/tokens",
    {
      schema: {
        tags,
        summary:
          "API tokens of the workspace: name, whose, the book it reaches, status, expiry, last use (never the token)",
        querystring: Type.Object({
          include_revoked: Type.Optional(
            Type.Boolean({ default: true, description: "Also list revoked tokens (default true)" }),
          ),
        }),
        response: { 200: Type.Object({ items: Type.Array(Token) }), ...stdErrors },
      },
    },
    async (req) => ({
      items: await listTokens(deps.db, req.principal, deps.now(), {
        includeRevoked: req.query.include_revoked,
      }),
    }),
  );
};
