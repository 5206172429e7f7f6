// POST /api/v1/webhooks: Add a webhook that receives signed notifications (RevOps, admin).
// Registered by flags-routes.ts.
import { Type } from "typebox";
import { createWebhook } from "../../../notifications/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Webhook, webhookFields, wtags } from "./common.ts";

export const createWebhookRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/webhooks",
    {
      schema: {
        tags: wtags,
        summary: "Add a webhook that receives signed notifications (RevOps, admin)",
        body: Type.Object(webhookFields, { additionalProperties: false }),
        response: { 201: Webhook, ...stdErrors },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await createWebhook(deps.db, req.principal, req.body, deps.now(), deps.config.webhooks)),
  );
};
