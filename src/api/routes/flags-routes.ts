// Proactive flags (list, resolve, scan now), the notifications outbox as an inbox, and the
// per-tenant webhooks it is delivered to (spec 001: "Notifications go to an outbox table, and from
// there to webhooks that are configured per tenant. Sign the payloads.").
import type { RouteModule } from "../context.ts";
import { createWebhookRoute } from "./flags/create-webhook.ts";
import { deleteWebhookRoute } from "./flags/delete-webhook.ts";
import { getWebhookRoute } from "./flags/get-webhook.ts";
import { listFlagsRoute } from "./flags/list-flags.ts";
import { listNotificationsRoute } from "./flags/list-notifications.ts";
import { listWebhooksRoute } from "./flags/list-webhooks.ts";
import { postFlagResolveRoute } from "./flags/post-flag-resolve.ts";
import { postFlagsScanRoute } from "./flags/post-flags-scan.ts";
import { updateWebhookRoute } from "./flags/update-webhook.ts";

export const flagsRoutes: RouteModule = (app, deps) => {
  listFlagsRoute(app, deps); // GET /api/v1/flags
  postFlagResolveRoute(app, deps); // POST /api/v1/flags/:id/resolve
  postFlagsScanRoute(app, deps); // POST /api/v1/flags/scan
  listNotificationsRoute(app, deps); // GET /api/v1/notifications
  listWebhooksRoute(app, deps); // GET /api/v1/webhooks
  createWebhookRoute(app, deps); // POST /api/v1/webhooks
  getWebhookRoute(app, deps); // GET /api/v1/webhooks/:id
  updateWebhookRoute(app, deps); // PATCH /api/v1/webhooks/:id
  deleteWebhookRoute(app, deps); // DELETE /api/v1/webhooks/:id
};
