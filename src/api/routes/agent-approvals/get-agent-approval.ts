// GET /api/v1/agent-approvals/:id: an agent's request for a person's decision, with what it asks.
// Registered by agent-approval-routes.ts.
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Params, readApprovalRequest, tags, WithPlay } from "./common.ts";

export const getAgentApprovalRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/agent-approvals/:id",
    {
      schema: {
        tags,
        summary:
          "An agent's request for a person's decision, with what it asks (a play's approval: SLM, RevOps; a positive exit: who triages the reply; an automation change: RevOps, admin)",
        params: Params,
        response: { 200: WithPlay, ...stdErrors },
      },
    },
    async (req) => readApprovalRequest(deps, req.principal, (req.params as { id: string }).id),
  );
};
