// Public one-click unsubscribe routes (spec 002 "Channels", RFC 8058). GET shows a confirmation
// page and changes nothing; POST unsubscribes at once (mail clients POST the RFC 8058 body
// "List-Unsubscribe=One-Click"; the confirmation page's form posts the same). Both are HTML.
import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import {
  confirmPage,
  describeUnsubscribe,
  donePage,
  errorPage,
  unsubscribeByToken,
} from "../../channels/index.ts";
import { isBatonError } from "../../errors/baton-error.ts";
import type { BatonApp, RouteModule } from "../context.ts";

// A wildcard, not ":token": the router caps named parameters at 100 characters (fastify
// maxParamLength) and a signed token can be longer.
const Params = Type.Object({ "*": Type.String({ minLength: 1, maxLength: 1024 }) });
const Html = Type.String({ description: "text/html page" });
// the pages in the OpenAPI document: text/html, not JSON; a bad or unknown link is a page too
const htmlPage = (description: string) => ({ description, content: { "text/html": { schema: Html } } });
const pages = {
  200: htmlPage("The page"),
  400: htmlPage("The link is not valid (UNSUBSCRIBE_LINK_INVALID)"),
  404: htmlPage("No record of the address any more"),
};

function html(reply: FastifyReply, status: number, body: string) {
  return reply
    .code(status)
    .header("content-type", "text/html; charset=utf-8")
    .header("cache-control", "no-store")
    .header("referrer-policy", "no-referrer")
    .header("x-robots-tag", "noindex")
    .send(body);
}

function failure(reply: FastifyReply, e: unknown) {
  if (isBatonError(e) && e.code === "UNSUBSCRIBE_LINK_INVALID") {
    return html(reply, 400, errorPage("This link is not valid", e.message));
  }
  if (isBatonError(e) && e.code === "NOT_FOUND") {
    return html(
      reply,
      404,
      errorPage("Nothing to unsubscribe", "We have no record of this address any more."),
    );
  }
  throw e;
}

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

    scope.get(
      "/u/*",
      {
        config: { public: true },
        schema: {
          tags: ["unsubscribe"],
          summary: "One-click unsubscribe: confirmation page (changes nothing)",
          security: [],
          params: Params,
          response: pages,
        },
      },
      async (req, reply) => {
        try {
          const v = await describeUnsubscribe(deps.db, deps.config.secret, req.params["*"]);
          return html(reply, 200, confirmPage(req.params["*"], v.maskedEmail, v.alreadyUnsubscribed));
        } catch (e) {
          return failure(reply, e);
        }
      },
    );

    scope.post(
      "/u/*",
      {
        config: { public: true },
        schema: {
          tags: ["unsubscribe"],
          summary: "One-click unsubscribe (RFC 8058): unsubscribes at once, idempotent",
          security: [],
          params: Params,
          consumes: ["application/x-www-form-urlencoded", "multipart/form-data"],
          body: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 200 }))),
          response: pages,
        },
      },
      async (req, reply) => {
        try {
          const r = await unsubscribeByToken(deps.db, deps.config.secret, req.params["*"], deps.now());
          return html(reply, 200, donePage(r.alreadyOptedOut));
        } catch (e) {
          return failure(reply, e);
        }
      },
    );
  });
};
