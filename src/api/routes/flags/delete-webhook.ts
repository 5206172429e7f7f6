// DELETE /api/v1/webhooks/:id: Remove a webhook and its pending deliveries.
// Registered by flags-routes.ts.
import { Type } from "typebox";
import { deleteWebhook } from "../../../notifications/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { WebhookParams, wtags } from "./common.ts";

export const deleteWebhookRoute: RouteModule = (app, deps) => {
  app.delete(
    "/api/v1/webhooks/:id",
    {
      schema: {
        tags: wtags,
        summary: "Remove a webhook and its pending deliveries",
        params: WebhookParams,
        response: { 204: Type.Null(), ...stdErrors },
      },
    },
    async (req, reply) => {
      await deleteWebhook(deps.db, req.principal, req.params.id);
      return reply.status(204).send(null);
    },
  );
};
