// POST /u/*: One-click unsubscribe (RFC 8058): unsubscribes at once, idempotent.
// Registered by unsubscribe-routes.ts in its scope with the form parsers.
import { Type } from "typebox";
import { donePage, unsubscribeByToken } from "../../../channels/index.ts";
import type { AppDeps, BatonApp } from "../../context.ts";
import { failure, html, Params, pages } from "./common.ts";

export const postUnsubscribeRoute = (app: BatonApp, deps: AppDeps) => {
  app.post(
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
};
