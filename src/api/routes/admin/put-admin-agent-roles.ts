// PUT /api/v1/admin/agents/:agent_id/roles: Set an agent's roles, e.g. reply_triage to work the reply triage queue (admin; audited role_changed).
// Registered by admin-routes.ts.
import { Type } from "typebox";
import { changeAgentRoles } from "../../../admin/index.ts";
import type { AgentRole } from "../../../auth/principal.ts";
import { auditSourceOf as sourceOf } from "../../audit-source.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Agent, AgentRolesBody } from "../admin-schemas.ts";
import { tags } from "./common.ts";

export const putAdminAgentRolesRoute: RouteModule = (app, deps) => {
  app.put(
    "/api/v1/admin/agents/:agent_id/roles",
    {
      schema: {
        tags,
        summary:
          "Set an agent's roles, e.g. reply_triage to work the reply triage queue (admin; audited role_changed)",
        params: Type.Object({
          agent_id: Type.String({
            minLength: 1,
            maxLength: 64,
            description: "The agent's id, e.g. AGT-301 (agent_id in GET /api/v1/admin/tokens)",
          }),
        }),
        body: AgentRolesBody,
        response: { 200: Agent, ...stdErrors },
      },
    },
    async (req) =>
      changeAgentRoles(
        deps.db,
        req.principal,
        req.params.agent_id,
        req.body.roles as AgentRole[],
        sourceOf(req),
      ),
  );
};
