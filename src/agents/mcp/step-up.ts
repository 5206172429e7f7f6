// Step-up over Streamable HTTP (issue 71 item 3; MCP authorization specification 2025-11-25,
// "Runtime Insufficient Scope Errors"): a tools/call whose tool needs a scope the OAuth token was not
// granted (a write tool with mcp:read only) is answered before any tool runs with HTTP 403 and
// `WWW-Authenticate: Bearer error="insufficient_scope", scope="…"`, so the client asks its person
// for the scope and retries (mcp-routes.ts). The same check refuses the call inside the server too
// (call-tool.ts: OAUTH_SCOPE_MISSING), for stdio and for a call this pre-check does not see.
import { scopeAllows } from "../../auth/mcp-oauth/access-token.ts";
import type { McpScope } from "../../auth/mcp-oauth/resource.ts";
import type { Principal } from "../../auth/principal.ts";
import type { McpTool } from "./tool.ts";

export interface ScopeShortfall {
  tool: string;
  needed: McpScope;
  /** the JSON-RPC id of the call, for the error's id */
  id: string | number | null;
}

/** The first tools/call of a JSON-RPC message or batch that the token's scopes do not allow, if any. */
export function scopeShortfall(
  principal: Principal,
  body: unknown,
  tools: readonly McpTool[],
): ScopeShortfall | null {
  if (!principal.oauth) return null;
  for (const m of Array.isArray(body) ? body : [body]) {
    if (!m || typeof m !== "object" || (m as { method?: unknown }).method !== "tools/call") continue;
    const name = (m as { params?: { name?: unknown } }).params?.name;
    const tool = tools.find((t) => t.name === name);
    // an unknown tool is refused by the server as such (MCP_TOOL_UNKNOWN), not by scope
    if (!tool || scopeAllows(principal, tool.write)) continue;
    const id = (m as { id?: unknown }).id;
    return {
      tool: tool.name,
      needed: tool.write ? "mcp:write" : "mcp:read",
      id: typeof id === "string" || typeof id === "number" ? id : null,
    };
  }
  return null;
}
