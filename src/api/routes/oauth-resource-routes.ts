// GET /.well-known/oauth-protected-resource (RFC 9728): where an MCP client learns that /mcp is a
// protected resource, its identifier, its scopes and which authorization server issues its tokens.
// Public. Both the bare path and the path with the resource's /mcp appended answer the same document.
import { Type } from "typebox";
import { PROTECTED_RESOURCE_PATH, protectedResourceMetadata } from "../../auth/mcp-oauth/resource.ts";
import type { RouteModule } from "../context.ts";

const ResourceMetadata = Type.Object(
  {
    resource: Type.String({ description: "The resource identifier: an access token's audience" }),
    authorization_servers: Type.Array(Type.String(), { description: "Issuers that grant tokens for it" }),
    scopes_supported: Type.Array(Type.String()),
    bearer_methods_supported: Type.Array(Type.String()),
    resource_name: Type.String(),
    resource_documentation: Type.String(),
  },
  { additionalProperties: false },
);

export const oauthResourceRoutes: RouteModule = (app, deps) => {
  for (const url of [PROTECTED_RESOURCE_PATH, `${PROTECTED_RESOURCE_PATH}/mcp`]) {
    app.get(
      url,
      {
        config: { public: true },
        schema: {
          tags: ["agents"],
          summary: "OAuth protected-resource metadata of /mcp (RFC 9728)",
          security: [],
          response: { 200: ResourceMetadata },
        },
      },
      async (_req, reply) => {
        reply.header("cache-control", "public, max-age=300");
        return protectedResourceMetadata(deps.config.publicUrl);
      },
    );
  }
};
