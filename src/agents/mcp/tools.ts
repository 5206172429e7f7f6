// Every MCP tool, in the order tools/list shows them. Each module's tools live in their own file.
import { Type } from "typebox";
import { defineTool, type McpTool } from "./tool.ts";
import { outreachTools } from "./tools-outreach.ts";
import { playTools } from "./tools-plays.ts";

const whoami = defineTool({
  name: "whoami",
  title: "Who am I",
  description: "The principal of this connection's token: tenant, kind, roles, agent id.",
  input: Type.Object({}),
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

export const batonTools: McpTool[] = [whoami, ...playTools, ...outreachTools];
