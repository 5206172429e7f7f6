// The workspace's Attio webhook (issue 71 item 5; docs/adapters.md "Attio → Baton"): a revops or
// admin person registers it (Baton creates it through Attio's API and keeps its secret sealed),
// reads it, or removes it; the poll goes on as the fallback. Thin over src/crm/attio-webhook.ts.
import type { RouteModule } from "../context.ts";
import { deleteCrmAttioWebhookRoute } from "./crm-attio-webhook/delete-crm-attio-webhook.ts";
import { getCrmAttioWebhookRoute } from "./crm-attio-webhook/get-crm-attio-webhook.ts";
import { postCrmAttioWebhookRoute } from "./crm-attio-webhook/post-crm-attio-webhook.ts";

export const crmAttioWebhookRoutes: RouteModule = (app, deps) => {
  postCrmAttioWebhookRoute(app, deps); // POST /api/v1/crm/attio/webhook
  getCrmAttioWebhookRoute(app, deps); // GET /api/v1/crm/attio/webhook
  deleteCrmAttioWebhookRoute(app, deps); // DELETE /api/v1/crm/attio/webhook
};
