// GET /* (and / when the workspace is not built): the workspace's files and its SPA fallback, public.
// Registered by static-routes.ts in a scope of its own, with the loopback redirect and the public
// flag on every route of that scope.
import fs from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import { BatonError } from "../../../errors/baton-error.ts";
import type { RouteModule } from "../../context.ts";
import { isServerPath, loopbackRedirect, NOT_BUILT, WEB_DIST } from "./common.ts";

export async function getWorkspacePagesRoute(app: Parameters<RouteModule>[0], publicUrl: string) {
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
