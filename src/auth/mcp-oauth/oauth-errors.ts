// Refusals of the MCP OAuth sign-in (issue 61 item 4): the consent page and the admin's list of
// connected clients. The authorization server's own endpoints answer in OAuth's error format.
import { defineErrors } from "../../errors/define.ts";

export const oauthErrors = defineErrors({
  OAUTH_REQUEST_ENDED: {
    status: 410,
    rule: "a client's request for access waits 10 minutes for a person's answer, and is answered once",
    message: () => "This request for access has ended: it was answered already, or it expired.",
    next: () => "Go back to the agent and connect again; it will open a new request.",
  },
  OAUTH_SCOPE_MISSING: {
    status: 403,
    rule: "a client signed in with OAuth calls the tools its scopes allow: mcp:read reads, mcp:write also writes",
    message: (f) =>
      `This client was granted ${f.granted || "no scope"}; ${f.tool ?? "this tool"} needs ${f.required}.`,
    next: (f) =>
      `Connect the client again and ask for ${f.required}; the person who approves must hold a role that may do it.`,
  },
  OAUTH_REGISTRATION_RATE_LIMITED: {
    status: 429,
    rule: "MCP clients register themselves, at most 10 from one address (an IPv6 host: its /64) in 15 minutes (issue 73)",
    message: (f) =>
      `Too many client registrations from this address: ${f.limit ?? 10} in ${f.window_minutes ?? 15} minutes; retry after ${f.retry_after_s} s.`,
    next: (f) =>
      `Wait ${f.retry_after_s} seconds. An agent registers once and keeps its client id; register again only when it has lost it.`,
  },
  OAUTH_CLIENT_NOT_CONNECTED: {
    status: 404,
    rule: "an admin revokes a client connected to this workspace",
    message: (f) => `No client ${f.app_id ?? ""} is connected to this workspace.`.replace(/\s+is/, " is"),
    next: () => "List the connected clients (Admin › Connected clients) and pick one of them.",
  },
});

type Codes = typeof oauthErrors;
declare module "../../errors/registry.ts" {
  interface ErrorRegistry extends Codes {}
}
