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
  APPROVAL_REQUEST_NOT_PENDING: {
    status: 409,
    rule: "an agent's approval request is decided once, by one person, before it expires",
    message: (f) => `The approval request ${f.request_id} is ${f.status}: it was decided already or expired.`,
    next: () =>
      "Nothing to do: the page shows what became of it. The agent asks again if it still needs a person.",
  },
  APPROVAL_ENROLLMENT_MOVED: {
    status: 409,
    rule: "an approved positive exit runs only on the enrollment as the agent saw it when it asked (issue 71 item 2)",
    message: (f) =>
      `The enrollment ${f.enrollment_id} moved since the agent asked (it was ${f.expected}, it is ${f.found}): the exit did not run.`,
    next: () =>
      "Nothing ran. Read the reply again in the triage queue and decide it there as it stands now; the agent asks again if it still needs to.",
  },
  APPROVAL_ACTION_INTERRUPTED: {
    status: 500,
    rule: "an approved action commits with its outcome in one transaction; a request left running past its bound lost its process (issue 71 item 2)",
    message: () =>
      "The approved action was interrupted before it finished (its process stopped): nothing of it was kept.",
    next: () => "Nothing ran. The agent asks again; a person approves the new request.",
  },
  APPROVAL_NEEDS_PERSON_SESSION: {
    status: 403,
    rule: "a person decides an agent's request in the workspace, signed in; no token decides one",
    message: (f) => `${f.principal} may not decide an agent's approval request with a token.`,
    next: () =>
      "Open the request's link in the workspace, signed in as an SLM or RevOps person, and decide there.",
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
