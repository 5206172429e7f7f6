// GET /api/v1/crm/attio/webhook: The workspace's Attio webhook, or null when none is registered (the poll alone).
// Registered by crm-attio-webhook-routes.ts.
import { Type } from "typebox";
import { readAttioWebhook } from "../../../crm/attio-webhook.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { PATH, Webhook } from "./common.ts";

export const getCrmAttioWebhookRoute: RouteModule = (app, deps) => {
  app.get(
    PATH,
    {
      schema: {
        tags: ["crm"],
        summary: "The workspace's Attio webhook, or null when none is registered (the poll alone)",
        response: {
          200: Type.Object({ webhook: Type.Union([Webhook, Type.Null()]) }),
          ...stdErrors,
        },
      },
    },
    async (req) => ({ webhook: await readAttioWebhook(deps.db, req.principal, deps.config.publicUrl) }),
  );
};
