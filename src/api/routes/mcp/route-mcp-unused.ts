// GET and DELETE /mcp: not used (stateless server; POST only).
// Registered by mcp-routes.ts, once for each method, with the registrar's 401 challenge hook.
import type { onSendHookHandler } from "fastify";
import { BatonError } from "../../../errors/baton-error.ts";
import type { BatonApp } from "../../context.ts";

export const routeMcpUnusedRoute = (
  app: BatonApp,
  method: "GET" | "DELETE",
  challenge: onSendHookHandler,
) => {
  app.route({
    method,
    url: "/mcp",
    onSend: challenge,
    schema: { tags: ["agents"], summary: `MCP ${method}: not used (stateless server; POST only)` },
    handler: async () => {
      throw new BatonError("MCP_METHOD_NOT_ALLOWED", { method });
    },
  });
};
