// GET WEBHOOK_PATH: The tenant's provider webhook endpoints (no secrets).
// Registered by inbound-webhooks-routes.ts.
import { Type } from "typebox";
import { listWebhooks, WEBHOOK_PATH } from "../../../inbox/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Webhook } from "./common.ts";

export const listInboundWebhooksRoute: RouteModule = (app, deps) => {
  app.get(
    WEBHOOK_PATH,
    {
      schema: {
        tags: ["webhooks"],
        summary: "The tenant's provider webhook endpoints (no secrets)",
        response: { 200: Type.Object({ items: Type.Array(Webhook) }), ...stdErrors },
      },
    },
    async (req) => ({ items: await listWebhooks(deps.db, req.principal, deps.config.publicUrl) }),
  );
};
