// PATCH /api/v1/webhooks/:id: Change a webhook: URL, secret (rotate), event types, enabled.
// Registered by flags-routes.ts.
import { Type } from "typebox";
import { updateWebhook } from "../../../notifications/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Webhook, WebhookParams, webhookFields, wtags } from "./common.ts";

export const updateWebhookRoute: RouteModule = (app, deps) => {
  app.patch(
    "/api/v1/webhooks/:id",
    {
      schema: {
        tags: wtags,
        summary: "Change a webhook: URL, secret (rotate), event types, enabled",
        params: WebhookParams,
        body: Type.Partial(Type.Object(webhookFields), { additionalProperties: false }),
        response: { 200: Webhook, ...stdErrors },
      },
    },
    async (req) =>
      updateWebhook(deps.db, req.principal, req.params.id, req.body, deps.now(), deps.config.webhooks),
  );
};
