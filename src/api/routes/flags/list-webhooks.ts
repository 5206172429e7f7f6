// GET /api/v1/webhooks: List the tenant's webhooks (secrets hidden).
// Registered by flags-routes.ts.
import { Type } from "typebox";
import { listWebhooks } from "../../../notifications/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Webhook, wtags } from "./common.ts";

export const listWebhooksRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/webhooks",
    {
      schema: {
        tags: wtags,
        summary: "List the tenant's webhooks (secrets hidden)",
        response: { 200: Type.Array(Webhook), ...stdErrors },
      },
    },
    async (req) => listWebhooks(deps.db, req.principal),
  );
};
