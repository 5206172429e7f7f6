// A CRM's webhooks (issue 41 item 1, docs/adapters.md "HubSpot"): public receiving URLs, each
// delivery proving itself with the CRM's signature over the raw body. Thin over src/crm.
import type { BatonApp, RouteModule } from "../context.ts";
import { postCrmWebhookAttioRoute } from "./crm-webhooks/post-crm-webhook-attio.ts";
import { postCrmWebhookHubspotRoute } from "./crm-webhooks/post-crm-webhook-hubspot.ts";

export { CRM_WEBHOOK_PATH } from "./crm-webhooks/common.ts";

export const crmWebhooksRoutes: RouteModule = async (app, deps) => {
  // signatures are over the bytes HubSpot sent: the body is kept raw, in a scope of its own
  await app.register(async (scope: BatonApp) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: 1024 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    postCrmWebhookHubspotRoute(scope, deps); // POST /api/v1/inbound/crm/hubspot
    postCrmWebhookAttioRoute(scope, deps); // POST /api/v1/inbound/crm/attio/:id
  });
};
