// What the routes of static-routes.ts share.
import path from "node:path";
import { PACKAGE_ROOT } from "../../../config/package-root.ts";

export const WEB_DIST = path.join(PACKAGE_ROOT, "web", "dist");

/**
 * Paths a health probe or a scraper might be pointed at by mistake (docs/operations.md, "Probe
 * paths"): a 404, never the workspace's page with 200, so a mistyped probe fails instead of always
 * passing. The real probes (/healthz, /readyz, /metrics) are routes of their own and never reach
 * here; below them (/healthz/x) is a probe name too. Any letter case: /Health is as mistyped.
 */
export const PROBE_PATH =
  /^\/(_?health|healthz|healthcheck|health-check|livez|live|liveness|ready|readyz|readiness|startupz|startup|status|ping|alive|metrics)(\/|$|\?)/i;

/** Paths the workspace never answers: the API, the docs, the unsubscribe page and probe names. */
export function isServerPath(url: string): boolean {
  return /^\/(api|docs|mcp|u)(\/|$|\?)/.test(url) || PROBE_PATH.test(url);
}

export const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Baton</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;line-height:1.5">
<h1>Baton is running</h1>
<p>The workspace has not been built yet. Build it with <code>npm run build:web</code>
(or start the server with <code>npm start</code>, which builds it first), then reload this page.</p>
<p>The API works without it: see <a href="/docs">/docs</a>.</p></body></html>`;

export const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

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
