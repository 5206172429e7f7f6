// What the routes of flags-routes.ts share.
import { Type } from "typebox";
import { IdParam, IsoTime, Nullable } from "../../schemas.ts";

export const N = Nullable;
export const Webhook = Type.Object({
  webhook_id: Type.String(),
  url: Type.String(),
  event_types: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  description: Type.String(),
  secret_hint: Type.String({
    description: "The last four characters of the signing secret; the secret is never returned",
  }),
  created_at: IsoTime,
  updated_at: IsoTime,
});
export const EventTypes = Type.Array(
  Type.String({ pattern: "^(\\*|[a-z0-9_]+(\\.[a-z0-9_]+)*(\\.\\*)?)$", maxLength: 100 }),
  {
    maxItems: 50,
    description: "Notification kinds to receive ('flag.stall', 'flag.*'); empty = all",
  },
);
export const webhookFields = {
  url: Type.String({ maxLength: 2000, description: "http(s) URL that receives signed POSTs" }),
  secret: Type.String({
    minLength: 16,
    maxLength: 200,
    description: "HMAC-SHA256 signing secret (write-only)",
  }),
  event_types: Type.Optional(EventTypes),
  enabled: Type.Optional(Type.Boolean()),
  description: Type.Optional(Type.String({ maxLength: 500 })),
};
export const WebhookParams = Type.Object({ id: IdParam("webhook") });
export const tags = ["flags"];
export const wtags = ["notifications"];
