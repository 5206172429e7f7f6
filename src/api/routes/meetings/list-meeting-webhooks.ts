// GET /api/v1/meeting-webhooks: The tenant's meeting webhook endpoints, with the URL to give each tool (never a key).
// Registered by meetings-routes.ts.
import { Type } from "typebox";
import { listMeetingWebhooks } from "../../../meetings/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { MeetingWebhook } from "./common.ts";

export const listMeetingWebhooksRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/meeting-webhooks",
    {
      schema: {
        tags: ["webhooks"],
        summary: "The tenant's meeting webhook endpoints, with the URL to give each tool (never a key)",
        response: { 200: Type.Object({ items: Type.Array(MeetingWebhook) }), ...stdErrors },
      },
    },
    async (req) => ({ items: await listMeetingWebhooks(deps.db, req.principal, deps.config.publicUrl) }),
  );
};
