// POST /api/v1/inbound/crm/attio/:id: Attio's record events of people, deals and companies; signed (Attio-Signature), no bearer token.
// Registered by crm-webhooks-routes.ts in its scope that keeps the body raw.
import { Type } from "typebox";
import { AttioCrm } from "../../../crm/attio-crm.ts";
import { receiveAttioWebhook } from "../../../crm/receive-attio-webhook.ts";
import { BatonError } from "../../../errors/baton-error.ts";
import type { AppDeps, BatonApp } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { CRM_WEBHOOK_PATH, Received } from "./common.ts";

export const postCrmWebhookAttioRoute = (app: BatonApp, deps: AppDeps) => {
  app.post(
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
};
