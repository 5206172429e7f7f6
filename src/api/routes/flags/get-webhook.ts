// GET /api/v1/webhooks/:id: One webhook (secret hidden).
// Registered by flags-routes.ts.
import { getWebhook } from "../../../notifications/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Webhook, WebhookParams, wtags } from "./common.ts";

export const getWebhookRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/webhooks/:id",
    {
      schema: {
        tags: wtags,
        summary: "One webhook (secret hidden)",
        params: WebhookParams,
        response: { 200: Webhook, ...stdErrors },
      },
    },
    async (req) => getWebhook(deps.db, req.principal, req.params.id),
  );
};
