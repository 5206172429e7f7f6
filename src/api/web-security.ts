// Headers and cookies for browsers (issue 11): @fastify/helmet on every response, with a
// Content-Security-Policy that allows no inline script (the built workspace and the Swagger UI at
// /docs both load scripts from files only), and @fastify/cookie for the session cookie.
import cookie from "@fastify/cookie";
import helmet from "@fastify/helmet";
import type { AppDeps, BatonApp } from "./context.ts";

export function isHttps(publicUrl: string): boolean {
  return publicUrl.startsWith("https://");
}

export async function registerWebSecurity(app: BatonApp, deps: AppDeps): Promise<void> {
  await app.register(cookie);
  const https = isHttps(deps.config.publicUrl);
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        // no inline script and no eval: the workspace's form validators are compiled at build
        // time (web/build/play-validators.ts)
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        // React style={…} attributes and the Swagger UI set inline styles; styles cannot run code
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        // over plain http (local use) upgrading would break every request
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // the sign-in redirects to an IdP and back: the IdP must not learn our paths' query strings
    referrerPolicy: { policy: "same-origin" },
    strictTransportSecurity: https ? { maxAge: 15_552_000, includeSubDomains: true } : false,
  });
}
