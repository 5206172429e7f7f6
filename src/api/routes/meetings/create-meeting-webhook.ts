// POST /api/v1/meeting-webhooks: Add a Calendly or Cal.com webhook endpoint (admin, revops); the signing key is write-only.
// Registered by meetings-routes.ts.
import { Type } from "typebox";
import { addMeetingWebhook } from "../../../meetings/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { MeetingWebhook, Provider } from "./common.ts";

export const createMeetingWebhookRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/meeting-webhooks",
    {
      schema: {
        tags: ["webhooks"],
        summary: "Add a Calendly or Cal.com webhook endpoint (admin, revops); the signing key is write-only",
        body: Type.Object(
          {
            provider: Provider,
            signing_key: Type.String({ minLength: 8, maxLength: 500, writeOnly: true }),
            max_age_s: Type.Optional(Type.Integer({ minimum: 30, maximum: 86_400 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: MeetingWebhook, ...stdErrors },
      },
    },
    async (req) =>
      addMeetingWebhook(deps.db, req.principal, deps.config.secret, deps.config.publicUrl, {
        provider: req.body.provider,
        signingKey: req.body.signing_key,
        maxAgeS: req.body.max_age_s,
      }),
  );
};
