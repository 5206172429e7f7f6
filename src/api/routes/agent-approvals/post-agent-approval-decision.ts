// POST /api/v1/agent-approvals/:id/approve and /decline: a person decides an agent's request (signed
// in: a bearer token is refused APPROVAL_NEEDS_PERSON_SESSION). Registered by agent-approval-routes.ts,
// once a decision.
import { decideApprovalRequest } from "../../../agents/index.ts";
import type { AppDeps, BatonApp } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Params, readApprovalRequest, tags, WithPlay } from "./common.ts";

export function postAgentApprovalDecisionRoute(
  app: BatonApp,
  deps: AppDeps,
  decision: "approve" | "decline",
) {
  app.post(
    `/api/v1/agent-approvals/:id/${decision}`,
    {
      schema: {
        tags,
        summary:
          decision === "approve"
            ? "Approve (signed in, a person who may decide it): the action runs once, after the agent is checked again"
            : "Decline the agent's request (signed in, a person who may decide it)",
        params: Params,
        response: { 200: WithPlay, ...stdErrors },
      },
    },
    async (req) => {
      const id = (req.params as { id: string }).id;
      await decideApprovalRequest(deps.db, req.principal, id, decision, deps.now(), {
        viaSession: req.signInSession !== undefined,
        publicUrl: deps.config.publicUrl,
      });
      return readApprovalRequest(deps, req.principal, id);
    },
  );
}
