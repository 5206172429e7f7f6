// Every MCP tool, in the order tools/list shows them. Each module's tools live in their own file.
import { Type } from "typebox";
import { defineTool, type McpTool } from "./tool.ts";
import { approvalTools } from "./tools-approvals.ts";
import { campaignTools } from "./tools-campaigns.ts";
import { coordinatorTools } from "./tools-coordinator.ts";
import { draftTools } from "./tools-drafts.ts";
import { handoffTools } from "./tools-handoffs.ts";
import { learningTools } from "./tools-learning.ts";
import { outreachTools } from "./tools-outreach.ts";
import { playTools } from "./tools-plays.ts";
import { prospectTools } from "./tools-prospects.ts";
import { replyTools } from "./tools-replies.ts";
import { signalTrendTools } from "./tools-signal-trends.ts";
import { signalTools } from "./tools-signals.ts";

const whoami = defineTool({
  name: "whoami",
  title: "Who am I",
  description: "The principal of this connection's token: tenant, kind, roles, agent id.",
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({
    principal_id: Type.String(),
    client_id: Type.String(),
    kind: Type.String({ description: "person | agent" }),
    display_name: Type.String(),
    roles: Type.Array(Type.String()),
    agent_id: Type.Union([Type.String(), Type.Null()]),
  }),
  write: false,
  run: async ({ principal }) => ({
    principal_id: principal.principalId,
    client_id: principal.clientId,
    kind: principal.kind,
    display_name: principal.displayName,
    roles: principal.roles,
    agent_id: principal.agentId,
  }),
});

export const batonTools: McpTool[] = [
  whoami,
  ...playTools,
  ...approvalTools,
  ...learningTools,
  ...campaignTools,
  ...outreachTools,
  ...draftTools,
  ...replyTools,
  ...handoffTools,
  ...prospectTools,
  ...signalTools,
  ...signalTrendTools,
  ...coordinatorTools,
];
