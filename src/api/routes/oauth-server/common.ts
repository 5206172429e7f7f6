// What the routes of oauth-server-routes.ts share.
import type { FastifyReply, FastifyRequest } from "fastify";
import { OAUTH_MOUNT, oauthProvider, providerOptions } from "../../../auth/mcp-oauth/provider.ts";
import { throttleRegistration } from "../../../auth/mcp-oauth/throttle-registration.ts";
import type { AppDeps } from "../../context.ts";

/** The provider's endpoints under /oauth (oidc-provider's default route names). */
export const ENDPOINTS: { path: string; methods: ("GET" | "POST" | "OPTIONS")[] }[] = [
  { path: "/auth", methods: ["GET", "POST"] },
  { path: "/auth/:uid", methods: ["GET"] },
  { path: "/token", methods: ["POST", "OPTIONS"] },
  { path: "/token/revocation", methods: ["POST", "OPTIONS"] },
  { path: "/reg", methods: ["POST", "OPTIONS"] },
  { path: "/jwks", methods: ["GET"] },
];

export const METADATA = ["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"];

export function handOver(deps: AppDeps, providerPath: (url: string) => string) {
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
