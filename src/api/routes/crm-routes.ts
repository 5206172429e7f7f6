// The CRM outbox, visible (spec 002 CRM: a failed CRM write is retried and never lost; dead
// letters are shown here and can be re-queued). Thin: parse, authorize, call one domain function.
import type { RouteModule } from "../context.ts";
import { getCrmOutboxRoute } from "./crm/get-crm-outbox.ts";
import { postCrmOutboxRetryRoute } from "./crm/post-crm-outbox-retry.ts";

export const crmRoutes: RouteModule = (app, deps) => {
  getCrmOutboxRoute(app, deps); // GET /api/v1/crm/outbox
  postCrmOutboxRetryRoute(app, deps); // POST /api/v1/crm/outbox/:id/retry
};
