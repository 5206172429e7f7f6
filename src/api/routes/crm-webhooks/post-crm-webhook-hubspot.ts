// POST /api/v1/inbound/crm/hubspot: HubSpot's contact change and deletion events; signed (v3), no bearer token.
// Registered by crm-webhooks-routes.ts in its scope that keeps the body raw.
import { receiveHubSpotWebhook } from "../../../crm/receive-hubspot-webhook.ts";
import { BatonError } from "../../../errors/baton-error.ts";
import type { AppDeps, BatonApp } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { CRM_WEBHOOK_PATH, Received } from "./common.ts";

export const postCrmWebhookHubspotRoute = (app: BatonApp, deps: AppDeps) => {
  app.post(
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
};
