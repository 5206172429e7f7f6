// The MCP server as an OAuth 2.1 protected resource (issue 61 item 4; MCP authorization
// specification, 2025-06-18; 2025-11-25 for the challenge's scope): RFC 9728 protected-resource metadata, and the WWW-Authenticate
// challenge a 401 from /mcp carries so a client finds that metadata. Plain values, no HTTP framework.

/** The scopes an MCP client may ask for; a person's roles cap what an access token gets. */
export const MCP_SCOPES = ["mcp:read", "mcp:write"] as const;
export type McpScope = (typeof MCP_SCOPES)[number];

/** The path of the metadata document (RFC 9728 §3; the resource's path is appended for /mcp). */
export const PROTECTED_RESOURCE_PATH = "/.well-known/oauth-protected-resource";

function origin(publicUrl: string): string {
  return publicUrl.replace(/\/+$/, "");
}

/** The resource identifier (RFC 8707): an access token's audience is exactly this URL. */
export function mcpResourceUrl(publicUrl: string): string {
  return `${origin(publicUrl)}/mcp`;
}

/** Baton is its own authorization server; its issuer is the public URL itself. */
export function authorizationServerIssuer(publicUrl: string): string {
  return origin(publicUrl);
}

export function resourceMetadataUrl(publicUrl: string): string {
  return `${origin(publicUrl)}${PROTECTED_RESOURCE_PATH}/mcp`;
}

export function protectedResourceMetadata(publicUrl: string) {
  return {
    resource: mcpResourceUrl(publicUrl),
    authorization_servers: [authorizationServerIssuer(publicUrl)],
    scopes_supported: [...MCP_SCOPES],
    bearer_methods_supported: ["header"],
    resource_name: "Baton MCP server",
    resource_documentation: `${origin(publicUrl)}/docs`,
  };
}

/**
 * The challenge of a 401 from /mcp (RFC 9728 §5.1; RFC 6750 §3 for scope and error). `scope` names
 * what an agent needs to do its jobs (issue 71 item 3): the MCP authorization specification
 * (2025-11-25) has a client ask for the challenge's scope first, and hosted connectors ask for
 * nothing else; the person's roles still cap what a token may do, and the consent page shows it.
 */
export function bearerChallenge(publicUrl: string, error?: "invalid_token"): string {
  const parts = [`resource_metadata="${resourceMetadataUrl(publicUrl)}"`, `scope="${MCP_SCOPES.join(" ")}"`];
  if (error) parts.push(`error="${error}"`);
  return `Bearer ${parts.join(", ")}`;
}

/**
 * The challenge of a 403 from /mcp when the token lacks a scope a call needs (MCP authorization
 * specification 2025-11-25, "Runtime Insufficient Scope Errors"; RFC 6750 §3.1): error
 * insufficient_scope and the scopes to ask for, those already granted with the one needed (the
 * specification's recommended approach: a client stepping up keeps what it had), so the client
 * asks its person for them and retries.
 */
export function insufficientScopeChallenge(
  publicUrl: string,
  granted: readonly string[],
  needed: McpScope,
  description: string,
): string {
  const scopes = MCP_SCOPES.filter((s) => s === needed || granted.includes(s));
  const quoted = description.replaceAll("\\", "").replaceAll('"', "'");
  return (
    `Bearer error="insufficient_scope", scope="${scopes.join(" ")}", ` +
    `resource_metadata="${resourceMetadataUrl(publicUrl)}", error_description="${quoted}"`
  );
}
