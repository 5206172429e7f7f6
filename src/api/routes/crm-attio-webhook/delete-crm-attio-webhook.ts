// DELETE /api/v1/crm/attio/webhook: Remove the workspace's Attio webhook, here and in Attio; the poll goes on alone.
// Registered by crm-attio-webhook-routes.ts.
import { Type } from "typebox";
import { removeAttioWebhook } from "../../../crm/attio-webhook.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { attioApi, PATH } from "./common.ts";

export const deleteCrmAttioWebhookRoute: RouteModule = (app, deps) => {
  app.delete(
    PATH,
    {
      schema: {
        tags: ["crm"],
        summary: "Remove the workspace's Attio webhook, here and in Attio; the poll goes on alone",
        response: {
          200: Type.Object({
            removed: Type.Literal(true),
            removed_in_attio: Type.Boolean({
              description: "false: Attio could not be told; delete it there",
            }),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => removeAttioWebhook(deps.db, req.principal, attioApi(deps)),
  );
};
