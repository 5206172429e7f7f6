// GET /.well-known/oauth-protected-resource{,/mcp}: OAuth protected-resource metadata of /mcp (RFC 9728).
// Registered by oauth-resource-routes.ts, once for each url.
import { protectedResourceMetadata } from "../../../auth/mcp-oauth/resource.ts";
import type { AppDeps, BatonApp } from "../../context.ts";
import { ResourceMetadata } from "./common.ts";

export const getOauthProtectedResourceRoute = (app: BatonApp, deps: AppDeps, url: string) => {
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
};
