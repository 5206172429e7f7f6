import { defineErrors } from "../errors/define.ts";

// Codes of the agents module (idempotency, MCP). RATE_LIMITED and IDEMPOTENCY_KEY_REUSED are
// foundation codes; these are the ones only agents' plumbing raises.
export const agentErrors = defineErrors({
  IDEMPOTENCY_REQUEST_IN_PROGRESS: {
    status: 409,
    rule: "an Idempotency-Key names one request; its first attempt is still running",
    message: (f) =>
      `The first request with Idempotency-Key "${f.key}" is still running after ${f.waited_ms} ms.`,
    next: () => "Retry the same request with the same Idempotency-Key in a few seconds to get its result.",
  },
  MCP_METHOD_NOT_ALLOWED: {
    status: 405,
    rule: "the MCP endpoint is stateless Streamable HTTP",
    message: (f) => `${f.method} /mcp is not used: this MCP server is stateless.`,
    next: () => "Send each JSON-RPC message as POST /mcp with your bearer token.",
  },
  MCP_TOOL_UNKNOWN: {
    status: 404,
    rule: "MCP tools are the listed ones",
    message: (f) => `There is no MCP tool named ${f.tool}.`,
    next: () => "Call tools/list and use one of the listed tool names.",
  },
});

// its codes in the registry's type (src/errors/registry.ts); src/runtime/errors.ts registers the entries
type Codes = typeof agentErrors;
declare module "../errors/registry.ts" {
  interface ErrorRegistry extends Codes {}
}
