// DELETE ${WEBHOOK_PATH}/:id: Remove a provider webhook endpoint and its event record (admin, revops).
// Registered by inbound-webhooks-routes.ts.
import { Type } from "typebox";
import { removeWebhook, WEBHOOK_PATH } from "../../../inbox/index.ts";
import type { RouteModule } from "../../context.ts";
import { IdParam, stdErrors } from "../../schemas.ts";
import { Str } from "./common.ts";

export const deleteInboundWebhookRoute: RouteModule = (app, deps) => {
  app.delete(
    `${WEBHOOK_PATH}/:id`,
    {
      schema: {
        tags: ["webhooks"],
        summary: "Remove a provider webhook endpoint and its event record (admin, revops)",
        params: Type.Object({ id: IdParam("inbound webhook") }),
        response: { 200: Type.Object({ id: Str, removed: Type.Boolean() }), ...stdErrors },
      },
    },
    async (req) => removeWebhook(deps.db, req.principal, req.params.id),
  );
};
