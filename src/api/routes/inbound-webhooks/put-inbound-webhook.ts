// PUT ${WEBHOOK_PATH}/:id: Replace an endpoint's keys (a rotated key): the URL and its events stay (admin, revops).
// Registered by inbound-webhooks-routes.ts.
import { Type } from "typebox";
import { replaceWebhookKeys, WEBHOOK_PATH } from "../../../inbox/index.ts";
import type { RouteModule } from "../../context.ts";
import { IdParam, stdErrors } from "../../schemas.ts";
import { toInput, Webhook, WebhookBody } from "./common.ts";

export const putInboundWebhookRoute: RouteModule = (app, deps) => {
  app.put(
    `${WEBHOOK_PATH}/:id`,
    {
      schema: {
        tags: ["webhooks"],
        summary: "Replace an endpoint's keys (a rotated key): the URL and its events stay (admin, revops)",
        params: Type.Object({ id: IdParam("inbound webhook") }),
        body: WebhookBody,
        response: { 200: Webhook, ...stdErrors },
      },
    },
    async (req) =>
      replaceWebhookKeys(
        deps.db,
        req.principal,
        deps.config.secret,
        deps.config.publicUrl,
        req.params.id,
        toInput(req.body),
        deps.now(),
      ),
  );
};
