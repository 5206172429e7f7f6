// The workspace (web/dist, built by `npm run build:web`) served at /, with a SPA fallback: any GET
// that is not an API, docs or one-click page answers index.html so client routes deep-link.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import { BatonError } from "../../errors/baton-error.ts";
import type { RouteModule } from "../context.ts";

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../web/dist");

/**
 * Paths a health probe or a scraper might be pointed at by mistake (docs/operations.md, "Probe
 * paths"): a 404, never the workspace's page with 200, so a mistyped probe fails instead of always
 * passing. The real probes (/healthz, /readyz, /metrics) are routes of their own and never reach
 * here; below them (/healthz/x) is a probe name too. Any letter case: /Health is as mistyped.
 */
const PROBE_PATH =
  /^\/(_?health|healthz|healthcheck|health-check|livez|live|liveness|ready|readyz|readiness|startupz|startup|status|ping|alive|metrics)(\/|$|\?)/i;

/** Paths the workspace never answers: the API, the docs, the unsubscribe page and probe names. */
function isServerPath(url: string): boolean {
  return /^\/(api|docs|mcp|u)(\/|$|\?)/.test(url) || PROBE_PATH.test(url);
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Baton</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;line-height:1.5">
<h1>Baton is running</h1>
<p>The workspace has not been built yet. Build it with <code>npm run build:web</code>
(or start the server with <code>npm start</code>, which builds it first), then reload this page.</p>
<p>The API works without it: see <a href="/docs">/docs</a>.</p></body></html>`;

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * For a public URL, the function that gives its origin when the browser reached the workspace through
 * another loopback name on the same port (http://localhost:3000 for http://127.0.0.1:3000), otherwise
 * null. The session cookie, the Origin check on every write and single sign-on's redirect all belong
 * to the public URL, so a page opened under the other name could not sign in (CSRF_REFUSED). Only
 * loopback names: behind a proxy the Host header may be anything, and health checks must not be
 * redirected. The public URL is parsed once, not on every request.
 */
export function loopbackRedirect(publicUrl: string): (host: string | undefined) => string | null {
  const pub = new URL(publicUrl);
  if (!LOOPBACK.has(pub.hostname)) return () => null;
  return (host) => {
    if (!host) return null;
    let seen: URL;
    try {
      seen = new URL(`${pub.protocol}//${host}`);
    } catch {
      return null;
    }
    if (!LOOPBACK.has(seen.hostname) || seen.hostname === pub.hostname || seen.port !== pub.port) return null;
    return pub.origin;
  };
}

export const staticRoutes: RouteModule = async (app, deps) => {
  // a scope of its own, so that the redirect below applies to the workspace's pages only
  await app.register(async (scope) => workspaceRoutes(scope as typeof app, deps.config.publicUrl));
};

async function workspaceRoutes(app: Parameters<RouteModule>[0], publicUrl: string) {
  // every route of this scope (the built files @fastify/static registers, the SPA fallback) is
  // public: the page loads before anyone signs in
  app.addHook("onRoute", (route) => {
    route.config = { ...(route.config ?? {}), public: true };
  });
  const redirectOrigin = loopbackRedirect(publicUrl);
  app.addHook("onRequest", async (req, reply) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || isServerPath(req.url)) return;
    const origin = redirectOrigin(req.headers.host);
    if (origin) return reply.redirect(`${origin}${req.url}`, 308);
  });
  const built = fs.existsSync(path.join(WEB_DIST, "index.html"));
  if (built) {
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      prefix: "/",
      wildcard: false,
      index: ["index.html"],
      cacheControl: false,
    });
  }
  const fallback = async (req: any, reply: any) => {
    // the router's decoded path, so "/%61pi/…" is the API's, as the router itself reads it
    if (isServerPath(req.url) || isServerPath(`/${req.params?.["*"] ?? ""}`)) {
      throw new BatonError("NOT_FOUND", { entity: "Route", id: `${req.method} ${req.url.split("?")[0]}` });
    }
    if (!built) return reply.type("text/html; charset=utf-8").send(NOT_BUILT);
    // hashed assets are immutable; index.html must always be fresh
    reply.header("cache-control", "no-cache");
    return reply.sendFile("index.html");
  };
  const opts = { config: { public: true }, schema: { hide: true } } as const;
  if (!built) app.get("/", opts, fallback);
  app.get("/*", opts, fallback);
}
