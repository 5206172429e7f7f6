// /mcp: the MCP server over Streamable HTTP (issue 6), on the same server as the API. Stateless:
// each POST carries its bearer token (authenticated and rate-limited by the app's hooks like any
// /api call) and gets a server of its own for that principal.
import type { onSendHookHandler } from "fastify";
import { bearerChallenge } from "../../auth/mcp-oauth/resource.ts";
import type { RouteModule } from "../context.ts";
import { postMcpRoute } from "./mcp/post-mcp.ts";
import { routeMcpUnusedRoute } from "./mcp/route-mcp-unused.ts";

export const mcpRoutes: RouteModule = (app, deps) => {
  // a 401 tells an MCP client where the protected-resource metadata is (RFC 9728 §5.1), so it can
  // discover the authorization server and sign in (docs/agents.md, "Sign in with OAuth")
  const challenge: onSendHookHandler = async (req, reply, payload) => {
    if (reply.statusCode === 401) {
      reply.header(
        "www-authenticate",
        bearerChallenge(deps.config.publicUrl, req.headers.authorization ? "invalid_token" : undefined),
      );
    }
    return payload;
  };
  postMcpRoute(app, deps, challenge); // POST /mcp

  // stateless: no server-initiated stream and no session to delete
  for (const method of ["GET", "DELETE"] as const) routeMcpUnusedRoute(app, method, challenge); // GET, DELETE /mcp
};
