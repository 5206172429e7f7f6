// GET/POST/OPTIONS /oauth/<endpoint>: one of oidc-provider's endpoints, handed to the provider.
// Registered by oauth-server-routes.ts, once for each of ENDPOINTS.
import { OAUTH_MOUNT } from "../../../auth/mcp-oauth/provider.ts";
import type { BatonApp } from "../../context.ts";
import type { ENDPOINTS, handOver } from "./common.ts";

export const routeOauthEndpointRoute = (
  app: BatonApp,
  e: (typeof ENDPOINTS)[number],
  strip: ReturnType<typeof handOver>,
) => {
  app.route({
    method: e.methods,
    url: `${OAUTH_MOUNT}${e.path}`,
    config: { public: true },
    schema: {
      tags: ["agents"],
      summary: `OAuth 2.1 for MCP clients: ${OAUTH_MOUNT}${e.path} (oidc-provider; see docs/agents.md)`,
      security: [],
      hide: true,
    },
    onRequest: strip,
    handler: async () => undefined,
  });
};
