// Public one-click unsubscribe routes (spec 002 "Channels", RFC 8058). GET shows a confirmation
// page and changes nothing; POST unsubscribes at once (mail clients POST the RFC 8058 body
// "List-Unsubscribe=One-Click"; the confirmation page's form posts the same). Both are HTML.
import type { BatonApp, RouteModule } from "../context.ts";
import { getUnsubscribeRoute } from "./unsubscribe/get-unsubscribe.ts";
import { postUnsubscribeRoute } from "./unsubscribe/post-unsubscribe.ts";

export const unsubscribeRoutes: RouteModule = async (app, deps) => {
  // Scoped: the form-encoded (and multipart) parsers exist only for these routes.
  await app.register(async (scope: BatonApp) => {
    scope.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: 4096 },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    // RFC 8058 allows multipart/form-data too; the body carries nothing we need.
    scope.addContentTypeParser(
      "multipart/form-data",
      { parseAs: "string", bodyLimit: 4096 },
      (_req, _body, done) => done(null, {}),
    );

    // Mail clients may POST with no body at all; treat it as an empty form.
    scope.addHook("preValidation", async (req) => {
      if (req.body === undefined || req.body === null) req.body = {};
    });

    getUnsubscribeRoute(scope, deps); // GET /u/*
    postUnsubscribeRoute(scope, deps); // POST /u/*
  });
};
