// GET /* (and / when the workspace is not built): the workspace's files and its SPA fallback, public.
// Registered by static-routes.ts in a scope of its own, with the loopback redirect and the public
// flag on every route of that scope.
import fs from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import { BatonError } from "../../../errors/baton-error.ts";
import type { RouteModule } from "../../context.ts";
import { isServerPath, loopbackRedirect, NOT_BUILT, WEB_DIST } from "./common.ts";

/** A file Vite named by its content's hash: assets/<name>-<8 or more of base64url>.<ext> (web/vite.config.ts). */
const HASHED_ASSET = /^assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

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
      // Vite names each file under assets/ by its content's hash: a browser keeps it for a year and
      // never asks again (and reuses its compiled code). index.html, which names them, is asked for
      // again on every load (as the fallback below sends it): kept by a browser's heuristics, it would
      // name the files of the build before, which a new build has removed.
      setHeaders: (reply: { header(name: string, value: string): unknown }, file: string) => {
        const name = path.relative(WEB_DIST, file).split(path.sep).join("/");
        if (HASHED_ASSET.test(name)) reply.header("cache-control", "public, max-age=31536000, immutable");
        else if (name === "index.html") reply.header("cache-control", "no-cache");
      },
    });
  }
  const fallback = async (req: any, reply: any) => {
    // the router's decoded path, so "/%61pi/…" is the API's, as the router itself reads it
    if (isServerPath(req.url) || isServerPath(`/${req.params?.["*"] ?? ""}`)) {
      throw new BatonError("NOT_FOUND", { entity: "Route", id: `${req.method} ${req.url.split("?")[0]}` });
    }
    // a build's file that is not here (a tab opened before a deploy asks for the old names): the
    // page would load index.html as a script; a 404 lets the workspace say so and offer a reload
    if (`${req.params?.["*"] ?? ""}`.startsWith("assets/")) {
      throw new BatonError("NOT_FOUND", { entity: "File", id: req.url.split("?")[0] });
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
