// The workspace (web/dist, built by `npm run build:web`) served at /, with a SPA fallback: any GET
// that is not an API, docs or one-click page answers index.html so client routes deep-link.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import { BatonError } from "../../errors/baton-error.ts";
import type { RouteModule } from "../context.ts";

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../web/dist");

/** Paths the workspace never answers: they belong to the API, the docs or the unsubscribe page. */
function isServerPath(url: string): boolean {
  return /^\/(api|docs|mcp|u)(\/|$|\?)/.test(url);
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Baton</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;line-height:1.5">
<h1>Baton is running</h1>
<p>The workspace has not been built yet. Build it with <code>npm run build:web</code>
(or start the server with <code>npm start</code>, which builds it first), then reload this page.</p>
<p>The API works without it: see <a href="/docs">/docs</a>.</p></body></html>`;

export const staticRoutes: RouteModule = async (app) => {
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
    if (isServerPath(req.url)) {
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
};
