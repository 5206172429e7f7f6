// A person decides an agent's approval request (issue 71 item 2) on the workspace's page
// /approvals/agent/{id}: read it (a play's approval: the play; a positive exit: the reply and what
// the exit would do; an automation change: the class, its state and numbers, and what the change
// would do), approve or decline. Only a signed-in person's session decides
// (the writes pass the workspace's Origin and CSRF checks; a bearer token, an agent's or a person's,
// is refused APPROVAL_NEEDS_PERSON_SESSION). The domain is src/agents/approvals.
import type { RouteModule } from "../context.ts";
import { getAgentApprovalRoute } from "./agent-approvals/get-agent-approval.ts";
import { postAgentApprovalDecisionRoute } from "./agent-approvals/post-agent-approval-decision.ts";

export const agentApprovalRoutes: RouteModule = (app, deps) => {
  getAgentApprovalRoute(app, deps); // GET /api/v1/agent-approvals/:id
  for (const decision of ["approve", "decline"] as const) postAgentApprovalDecisionRoute(app, deps, decision); // POST /api/v1/agent-approvals/:id/{approve,decline}
};
