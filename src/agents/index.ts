// The agents module's door (issue 70 item 2): outside src/agents, code imports this file (or contract.ts)
// and nothing else; .dependency-cruiser.cjs's rule one-door-per-folder holds it.
export { agentErrors } from "./agent-errors.ts";
export {
  decideApprovalRequest,
  describeAutomationChange,
  describePositiveExit,
  getApprovalRequest,
  sweepApprovalRequests,
} from "./approvals/approval-requests.ts";
export { registerAgentHooks } from "./http-hooks.ts";
export { purgeExpiredKeys } from "./idempotency.ts";
export { toolCallObserver } from "./mcp/call-record.ts";
export { createMcpServer } from "./mcp/server.ts";
export { toolMetricsSummary } from "./mcp/stdio-metrics.ts";
export { scopeShortfall } from "./mcp/step-up.ts";
export { batonTools } from "./mcp/tools.ts";
export { ApprovalRequest } from "./mcp/tools-approvals.ts";
export { databaseRateLimiter } from "./rate-limit.ts";
