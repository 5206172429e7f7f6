// A CRM's webhooks (issue 41 item 1, docs/adapters.md "HubSpot"): public receiving URLs, each
// delivery proving itself with the CRM's signature over the raw body. Thin over src/crm.
import { Type } from "typebox";
import { AttioCrm } from "../../crm/attio-crm.ts";
import { receiveAttioWebhook } from "../../crm/receive-attio-webhook.ts";
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
    scope.post(
      `${CRM_WEBHOOK_PATH}/attio/:id`,
      {
        config: { public: true },
        schema: {
          tags: ["webhooks"],
          summary:
            "Attio's record events of people, deals and companies (created, updated, deleted); signed (Attio-Signature), no bearer token",
          security: [],
          params: Type.Object({
            id: Type.String({
              maxLength: 64,
              description: "The webhook's id, as POST /api/v1/crm/attio/webhook returned it in url",
            }),
          }),
          response: {
            200: Type.Object({
              ...Received.properties,
              ignored: Type.Integer({ description: "events of another object or type: nothing to read" }),
              duplicate: Type.Boolean({
                description: "Attio's retry of a delivery already applied (its Idempotency-Key)",
              }),
            }),
            ...stdErrors,
          },
        },
      },
      async (req) => {
        const attio = deps.config.attio;
        if (!attio) throw new BatonError("CRM_PROVIDER_NOT_CONFIGURED", { provider: "attio" });
        return receiveAttioWebhook(
          deps.db,
          {
            secret: deps.config.secret,
            api: new AttioCrm(attio, undefined, undefined, { db: deps.db, now: deps.now }),
          },
          {
            id: req.params.id,
            headers: req.headers,
            rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
          },
          deps.now(),
        );
      },
    );
  });
};
