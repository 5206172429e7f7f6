// GET /.well-known/oauth-authorization-server, /.well-known/openid-configuration: OAuth
// authorization-server metadata (RFC 8414), handed to the provider.
// Registered by oauth-server-routes.ts, once for each of METADATA.
import type { BatonApp } from "../../context.ts";
import type { handOver } from "./common.ts";

export const getOauthMetadataRoute = (app: BatonApp, url: string, same: ReturnType<typeof handOver>) => {
  app.get(url, {
    config: { public: true },
    schema: {
      tags: ["agents"],
      summary: "OAuth authorization-server metadata (RFC 8414)",
      security: [],
      hide: true,
    },
    onRequest: same,
    handler: async () => undefined,
  });
};
