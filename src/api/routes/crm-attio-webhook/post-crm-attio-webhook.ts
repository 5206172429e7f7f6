// POST /api/v1/crm/attio/webhook: Register the workspace's Attio webhook (replaces the one registered before); Attio's secret is kept sealed, never returned.
// Registered by crm-attio-webhook-routes.ts.
import { Type } from "typebox";
import { registerAttioWebhook } from "../../../crm/attio-webhook.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { attioApi, PATH, Webhook } from "./common.ts";

export const postCrmAttioWebhookRoute: RouteModule = (app, deps) => {
  app.post(
    PATH,
    {
      schema: {
        tags: ["crm"],
        summary:
          "Register the workspace's Attio webhook (replaces the one registered before); Attio's secret is kept sealed, never returned",
        response: {
          200: Type.Object({
            ...Webhook.properties,
            replaced: Type.Union([Type.String(), Type.Null()], {
              description: "Attio's id of the webhook this one replaced (deleted in Attio), or null",
            }),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) =>
      registerAttioWebhook(
        deps.db,
        req.principal,
        { api: attioApi(deps), secret: deps.config.secret, publicUrl: deps.config.publicUrl },
        deps.now(),
      ),
  );
};
