// GET /.well-known/oauth-protected-resource (RFC 9728): where an MCP client learns that /mcp is a
// protected resource, its identifier, its scopes and which authorization server issues its tokens.
// Public. Both the bare path and the path with the resource's /mcp appended answer the same document.
import { PROTECTED_RESOURCE_PATH } from "../../auth/mcp-oauth/resource.ts";
import type { RouteModule } from "../context.ts";
import { getOauthProtectedResourceRoute } from "./oauth-resource/get-oauth-protected-resource.ts";

export const oauthResourceRoutes: RouteModule = (app, deps) => {
  for (const url of [PROTECTED_RESOURCE_PATH, `${PROTECTED_RESOURCE_PATH}/mcp`]) {
    getOauthProtectedResourceRoute(app, deps, url); // GET /.well-known/oauth-protected-resource{,/mcp}
  }
};
