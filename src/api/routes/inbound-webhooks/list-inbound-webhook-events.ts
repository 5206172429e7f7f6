// GET ${WEBHOOK_PATH}/:id/events: An endpoint's recent bounces and complaints, newest first: applied, unmatched or ignored, and why; 50 a page unless limit says.
// Registered by inbound-webhooks-routes.ts.
import { Type } from "typebox";
import { listWebhookEvents, WEBHOOK_PATH } from "../../../inbox/index.ts";
import type { RouteModule } from "../../context.ts";
import { IdParam, PageQuery, pageOf, stdErrors } from "../../schemas.ts";
import { WebhookEvent } from "./common.ts";

export const listInboundWebhookEventsRoute: RouteModule = (app, deps) => {
  app.get(
    `${WEBHOOK_PATH}/:id/events`,
    {
      schema: {
        tags: ["webhooks"],
        summary:
          "An endpoint's recent bounces and complaints, newest first: applied, unmatched or ignored, and why; 50 a page unless limit says",
        params: Type.Object({ id: IdParam("inbound webhook") }),
        querystring: PageQuery,
        response: { 200: pageOf(WebhookEvent), ...stdErrors },
      },
    },
    async (req) => listWebhookEvents(deps.db, req.principal, req.params.id, req.query),
  );
};
