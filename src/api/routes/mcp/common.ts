// What the routes of mcp-routes.ts share.
import { Type } from "typebox";

export const JsonRpcMessage = Type.Object(
  { jsonrpc: Type.Literal("2.0"), method: Type.Optional(Type.String()) },
  { additionalProperties: true, description: "A JSON-RPC 2.0 message of the MCP protocol" },
);
