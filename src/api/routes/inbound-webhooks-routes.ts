// Provider webhooks (issue 35 item 5, docs/mailboxes.md "Provider webhooks"): the receiving URLs
// Amazon SES (SNS), SendGrid, Mailgun and Postmark post bounces and complaints to, and the API that
// configures them. The receiving routes are public (no bearer token: `config: { public: true }`);
// each request proves itself with the provider's signature or credentials instead, read from the
// raw body as the provider sent it. Thin over src/inbox.
import type { RouteModule } from "../context.ts";
import { createInboundWebhookRoute } from "./inbound-webhooks/create-inbound-webhook.ts";
import { deleteInboundWebhookRoute } from "./inbound-webhooks/delete-inbound-webhook.ts";
import { listInboundWebhookEventsRoute } from "./inbound-webhooks/list-inbound-webhook-events.ts";
import { listInboundWebhooksRoute } from "./inbound-webhooks/list-inbound-webhooks.ts";
import { putInboundWebhookRoute } from "./inbound-webhooks/put-inbound-webhook.ts";
import { receiveWebhookEventsRoute } from "./inbound-webhooks/receive-webhook-events.ts";

export { withoutToken } from "./inbound-webhooks/common.ts";

export const inboundWebhooksRoutes: RouteModule = async (app, deps) => {
  await receiveWebhookEventsRoute(app, deps); // POST ${WEBHOOK_PATH}/:provider/:id(/:token)
  createInboundWebhookRoute(app, deps); // POST WEBHOOK_PATH
  putInboundWebhookRoute(app, deps); // PUT ${WEBHOOK_PATH}/:id
  listInboundWebhooksRoute(app, deps); // GET WEBHOOK_PATH
  listInboundWebhookEventsRoute(app, deps); // GET ${WEBHOOK_PATH}/:id/events
  deleteInboundWebhookRoute(app, deps); // DELETE ${WEBHOOK_PATH}/:id
};
