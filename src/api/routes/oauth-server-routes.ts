// Baton's OAuth 2.1 authorization server for MCP clients (issue 61 item 4), oidc-provider mounted
// under /oauth (src/auth/mcp-oauth/provider.ts): authorization, token, dynamic registration,
// revocation, and the RFC 8414 metadata at the root's /.well-known. Public routes: each request is
// handed to the provider before fastify reads its body (the provider parses its own forms), and the
// provider answers it. Its requests are logged like any other, by path only (no query, no body).
import type { FastifyReply, FastifyRequest } from "fastify";
import { OAUTH_MOUNT, oauthProvider, providerOptions } from "../../auth/mcp-oauth/provider.ts";
import { throttleRegistration } from "../../auth/mcp-oauth/throttle-registration.ts";
import type { AppDeps, RouteModule } from "../context.ts";

/** The provider's endpoints under /oauth (oidc-provider's default route names). */
const ENDPOINTS: { path: string; methods: ("GET" | "POST" | "OPTIONS")[] }[] = [
  { path: "/auth", methods: ["GET", "POST"] },
  { path: "/auth/:uid", methods: ["GET"] },
  { path: "/token", methods: ["POST", "OPTIONS"] },
  { path: "/token/revocation", methods: ["POST", "OPTIONS"] },
  { path: "/reg", methods: ["POST", "OPTIONS"] },
  { path: "/jwks", methods: ["GET"] },
];

const METADATA = ["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"];

function handOver(deps: AppDeps, providerPath: (url: string) => string) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    // read per request: the configured URL is final only once the server listens (port 0 in tests)
    const publicUrl = new URL(deps.config.publicUrl);
    const provider = await oauthProvider(providerOptions(deps.db, deps.config));
    // open registration, limited per address (issue 73 item 2); refused before the provider reads it
    if (req.method === "POST" && req.url.split("?")[0] === `${OAUTH_MOUNT}/reg`)
      await throttleRegistration(deps.db, req.ip, deps.now());
    reply.hijack();
    const raw = req.raw as typeof req.raw & { baseUrl?: string };
    // the endpoints' URLs (the metadata's, the redirects') come from the configured public URL,
    // never from the request's Host or X-Forwarded-* headers, which any client sets (issue 73
    // item 2); the address is the one Baton read (req.ip: no proxy is trusted)
    raw.headers.host = publicUrl.host;
    raw.headers["x-forwarded-host"] = publicUrl.host;
    raw.headers["x-forwarded-proto"] = publicUrl.protocol.slice(0, -1);
    raw.headers["x-forwarded-for"] = req.ip;
    delete raw.headers["x-forwarded-port"];
    delete raw.headers.forwarded;
    raw.url = providerPath(raw.url ?? "/");
    // the provider builds its endpoints' URLs under the mount (oidc-provider's urlFor)
    raw.baseUrl = OAUTH_MOUNT;
    provider.callback()(raw, reply.raw);
  };
}

export const oauthServerRoutes: RouteModule = (app, deps) => {
  const strip = handOver(deps, (url) => url.slice(OAUTH_MOUNT.length) || "/");
  for (const e of ENDPOINTS) {
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
  }
  const same = handOver(deps, (url) => url);
  for (const url of METADATA) {
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
  }
};
