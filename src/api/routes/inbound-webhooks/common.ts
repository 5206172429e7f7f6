// What the routes of inbound-webhooks-routes.ts share.
import { type Static, Type } from "typebox";
import { WEBHOOK_PROVIDERS } from "../../../inbox/index.ts";

export const Str = Type.String();
export const NullStr = Type.Union([Str, Type.Null()]);
export const Id = Type.String({ minLength: 1, maxLength: 64 });
export const Provider = Type.Union(WEBHOOK_PROVIDERS.map((p) => Type.Literal(p)));
export const Received = Type.Object({
  received: Type.Integer(),
  applied: Type.Integer(),
  unmatched: Type.Integer(),
  ignored: Type.Integer(),
  duplicate: Type.Integer(),
  events: Type.Array(
    Type.Object({
      provider_event_id: Str,
      kind: Str,
      outcome: Type.String({ description: "applied | unmatched | ignored" }),
      why: Str,
      duplicate: Type.Boolean(),
    }),
  ),
  subscription: Type.Optional(Type.String({ description: "ses: confirmed | unsubscribed" })),
});
export const Webhook = Type.Object({
  id: Str,
  provider: Str,
  url: Type.String({ description: "give this URL to the provider (postmark: see docs/mailboxes.md)" }),
  topic_arns: Type.Union([Type.Array(Str), Type.Null()]),
  verification_key: NullStr,
  basic_user: NullStr,
  secrets: Type.Array(Str, {
    description: "the names of the sealed secrets that are set; never their values",
  }),
  max_age_s: Type.Union([Type.Integer(), Type.Null()]),
  subscribed_at: NullStr,
  last_event_at: NullStr,
  events_count: Str,
  created_at: Str,
});
export const WebhookBody = Type.Object(
  {
    provider: Provider,
    topic_arns: Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { minItems: 1, maxItems: 20 })),
    verification_key: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    signing_key: Type.Optional(Type.String({ minLength: 8, maxLength: 500, writeOnly: true })),
    basic_user: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    basic_password: Type.Optional(Type.String({ minLength: 8, maxLength: 500, writeOnly: true })),
    path_token: Type.Optional(Type.String({ minLength: 24, maxLength: 200, writeOnly: true })),
    max_age_s: Type.Optional(Type.Integer({ minimum: 30, maximum: 86_400 })),
  },
  { additionalProperties: false },
);
export const WebhookEvent = Type.Object({
  provider_event_id: Str,
  kind: Str,
  outcome: Str,
  why: Str,
  recipient: NullStr,
  status: NullStr,
  reason: NullStr,
  hard: Type.Union([Type.Boolean(), Type.Null()]),
  sender_fault: Type.Union([Type.Boolean(), Type.Null()]),
  feedback_type: NullStr,
  original_message_id: NullStr,
  contact_id: NullStr,
  occurred_at: NullStr,
  received_at: Str,
  details: Type.Record(Type.String(), Type.Unknown()),
});
/** ".../webhooks/postmark/<id>/<token>" → ".../webhooks/postmark/<id>/…" */
export function withoutToken(r: { method?: string; url: string }) {
  return { ...r, url: r.url.replace(/^([^?]*\/webhooks\/[^/?]+\/[^/?]+)\/[^/?]+/, "$1/…") };
}
export const toInput = (b: Static<typeof WebhookBody>) => ({
  provider: b.provider,
  topicArns: b.topic_arns,
  verificationKey: b.verification_key,
  signingKey: b.signing_key,
  basicUser: b.basic_user,
  basicPassword: b.basic_password,
  pathToken: b.path_token,
  maxAgeS: b.max_age_s,
});
