// DELETE /api/v1/meeting-webhooks/:id: Remove a meeting webhook endpoint (admin, revops); the meetings it brought stay.
// Registered by meetings-routes.ts.
import { Type } from "typebox";
import { removeMeetingWebhook } from "../../../meetings/index.ts";
import type { RouteModule } from "../../context.ts";
import { IdParam, stdErrors } from "../../schemas.ts";

export const deleteMeetingWebhookRoute: RouteModule = (app, deps) => {
  app.delete(
    "/api/v1/meeting-webhooks/:id",
    {
      schema: {
        tags: ["webhooks"],
        summary: "Remove a meeting webhook endpoint (admin, revops); the meetings it brought stay",
        params: Type.Object({ id: IdParam("meeting") }),
        response: { 200: Type.Object({ removed: Type.Boolean() }), ...stdErrors },
      },
    },
    async (req) => {
      await removeMeetingWebhook(deps.db, req.principal, req.params.id);
      return { removed: true };
    },
  );
};
