// POST /api/v1/inbound/signals/:client_id/:source_id: One Segment/RudderStack track or page event, signed
// (X-Signature: HMAC of the body under the source's shared secret), no bearer token.
// Registered by signal-sources-routes.ts in its scope that keeps the body raw.
import { Type } from "typebox";
import { receiveTrackEvent, SIGNAL_WEBHOOK_PATH } from "../../../signals/index.ts";
import type { AppDeps, BatonApp } from "../../context.ts";
import { SignalOutcome } from "../../schemas/signals.ts";
import { IdParam, Nullable, stdErrors } from "../../schemas.ts";

export const postSignalWebhookRoute = (app: BatonApp, deps: AppDeps) => {
  app.post(
    `${SIGNAL_WEBHOOK_PATH}/:client_id/:source_id`,
    {
      config: { public: true },
      schema: {
        tags: ["signals"],
        summary:
          "One Segment/RudderStack track or page event, signed (X-Signature: hex HMAC-SHA1 of the body under the source's shared secret); no bearer token",
        security: [],
        params: Type.Object({
          client_id: Type.String({
            minLength: 1,
            maxLength: 200,
            description: "The tenant, as the source's URL names it",
          }),
          source_id: IdParam("signal source"),
        }),
        response: {
          200: Type.Object({
            outcome: Type.String({
              description:
                "recorded | duplicate | held (an anonymous visitor's event, kept until the visitor identifies) | ignored",
            }),
            why: Type.String(),
            signal: Nullable(SignalOutcome),
            identified: Type.Optional(
              Type.Integer({
                description:
                  "The visitor's held events this event identified (its anonymousId beside an email), recorded as the person's signals",
              }),
            ),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) =>
      receiveTrackEvent(
        { db: deps.db, secret: deps.config.secret },
        {
          clientId: req.params.client_id,
          sourceId: req.params.source_id,
          headers: req.headers,
          rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        },
        deps.now(),
      ),
  );
};
