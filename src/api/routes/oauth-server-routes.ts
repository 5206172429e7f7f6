// Baton's OAuth 2.1 authorization server for MCP clients (issue 61 item 4), oidc-provider mounted
// under /oauth (src/auth/mcp-oauth/provider.ts): authorization, token, dynamic registration,
// revocation, and the RFC 8414 metadata at the root's /.well-known. Public routes: each request is
// handed to the provider before fastify reads its body (the provider parses its own forms), and the
// provider answers it. Its requests are logged like any other, by path only (no query, no body).
import { OAUTH_MOUNT } from "../../auth/mcp-oauth/provider.ts";
import type { RouteModule } from "../context.ts";
import { ENDPOINTS, handOver, METADATA } from "./oauth-server/common.ts";
import { getOauthMetadataRoute } from "./oauth-server/get-oauth-metadata.ts";
import { routeOauthEndpointRoute } from "./oauth-server/route-oauth-endpoint.ts";

export const oauthServerRoutes: RouteModule = (app, deps) => {
  const strip = handOver(deps, (url) => url.slice(OAUTH_MOUNT.length) || "/");
  for (const e of ENDPOINTS) routeOauthEndpointRoute(app, e, strip); // /oauth/<endpoint>
  const same = handOver(deps, (url) => url);
  for (const url of METADATA) getOauthMetadataRoute(app, url, same); // GET /.well-known/...
};
