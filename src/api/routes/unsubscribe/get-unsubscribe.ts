// GET /u/*: One-click unsubscribe: confirmation page (changes nothing).
// Registered by unsubscribe-routes.ts in its scope with the form parsers.
import { confirmPage, describeUnsubscribe } from "../../../channels/index.ts";
import type { AppDeps, BatonApp } from "../../context.ts";
import { failure, html, Params, pages } from "./common.ts";

export const getUnsubscribeRoute = (app: BatonApp, deps: AppDeps) => {
  app.get(
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
};
