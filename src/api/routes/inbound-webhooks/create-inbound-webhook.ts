// POST WEBHOOK_PATH: Add a provider webhook endpoint (admin, revops); its keys are write-only.
// Registered by inbound-webhooks-routes.ts.
import { addWebhook, WEBHOOK_PATH } from "../../../inbox/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { toInput, Webhook, WebhookBody } from "./common.ts";

export const createInboundWebhookRoute: RouteModule = (app, deps) => {
  app.post(
    WEBHOOK_PATH,
    {
      schema: {
        tags: ["webhooks"],
        summary: "Add a provider webhook endpoint (admin, revops); its keys are write-only",
        body: WebhookBody,
        response: { 200: Webhook, ...stdErrors },
      },
    },
    async (req) =>
      addWebhook(
        deps.db,
        req.principal,
        deps.config.secret,
        deps.config.publicUrl,
        toInput(req.body),
        deps.now(),
      ),
  );
};
