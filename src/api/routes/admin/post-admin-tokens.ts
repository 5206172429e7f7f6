// POST /api/v1/admin/tokens: Create an API token for an agent or integration, an agent's optionally bound to a team's or territory's book; the token is in this response only.
// Registered by admin-routes.ts.
import { createApiToken } from "../../../admin/index.ts";
import type { Role } from "../../../auth/principal.ts";
import { auditSourceOf as sourceOf } from "../../audit-source.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { CreatedToken, TokenBody } from "../admin-schemas.ts";
import { tags } from "./common.ts";

export const postAdminTokensRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/admin/tokens",
    {
      schema: {
        tags,
        summary:
          "Create an API token for an agent or integration, an agent's optionally bound to a team's or territory's book; the token is in this response only",
        body: TokenBody,
        response: { 201: CreatedToken, ...stdErrors },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const created = await createApiToken(
        deps.db,
        { clientId: req.principal.clientId, principal: req.principal },
        {
          name: b.name,
          roles: b.roles as Role[] | undefined,
          agentId: b.agent_id,
          principalId: b.principal_id,
          expiresInDays: b.expires_in_days,
          book:
            b.book &&
            ("team_id" in b.book ? { teamId: b.book.team_id } : { territoryId: b.book.territory_id }),
        },
        deps.config.tokens,
        deps.now(),
        sourceOf(req),
      );
      return reply.code(201).header("cache-control", "no-store").send(created);
    },
  );
};
