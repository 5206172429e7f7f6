// A CRM's webhooks (issue 41 item 1, docs/adapters.md "HubSpot"): public receiving URLs, each
// delivery proving itself with the CRM's signature over the raw body. Thin over src/crm.
import { Type } from "typebox";
import { receiveHubSpotWebhook } from "../../crm/receive-hubspot-webhook.ts";
import { BatonError } from "../../errors/baton-error.ts";
import type { BatonApp, RouteModule } from "../context.ts";
import { stdErrors } from "../schemas.ts";

export const CRM_WEBHOOK_PATH = "/api/v1/inbound/crm";

const Received = Type.Object({
  received: Type.Integer(),
  applied: Type.Integer(),
  unmatched: Type.Integer({ description: "changes naming a CRM record Baton has not linked" }),
});

export const crmWebhooksRoutes: RouteModule = async (app, deps) => {
  // signatures are over the bytes HubSpot sent: the body is kept raw, in a scope of its own
  await app.register(async (scope: BatonApp) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: 1024 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    scope.post(
      `${CRM_WEBHOOK_PATH}/hubspot`,
      {
        config: { public: true },
        schema: {
          tags: ["webhooks"],
          summary: "HubSpot's contact change and deletion events; signed (v3), no bearer token",
          security: [],
          response: { 200: Received, ...stdErrors },
        },
      },
      async (req) => {
        const hubspot = deps.config.hubspot;
        if (!hubspot) throw new BatonError("CRM_PROVIDER_NOT_CONFIGURED", { provider: "hubspot" });
        return receiveHubSpotWebhook(
          deps.db,
          hubspot.clientSecret,
          {
            method: req.method,
            uri: `${deps.config.publicUrl.replace(/\/$/, "")}${req.url}`,
            headers: req.headers,
            rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
          },
          deps.now(),
        );
      },
    );
  });
};
