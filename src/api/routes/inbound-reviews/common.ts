// What the routes of inbound-reviews-routes.ts share.
import { Type } from "typebox";
import { IdParam } from "../../schemas.ts";

export const Str = Type.String();
export const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
export const Review = Type.Object({
  id: Str,
  status: Type.String({ description: "pending | applied | dismissed" }),
  mailbox: Str,
  message_id: Str,
  contact_id: Nullable(Str),
  from: Nullable(Str),
  subject: Str,
  excerpt: Str,
  received_at: Str,
  classification: Type.Object({
    kind: Type.String({ description: "reply | auto_reply" }),
    intent: Str,
    confidence: Type.Number(),
    by: Str,
    return_date: Nullable(Str),
  }),
  stop_request: Type.Boolean({
    description:
      "the mail asks to stop (every person's reply, stop request or not, paused the contact's sends when it arrived: `paused`)",
  }),
  why_untrusted: Str,
  trust: Type.Object(
    {
      trusted: Type.Boolean(),
      matched: Type.Boolean(),
      matched_by: Nullable(Str),
      authenticated: Type.Boolean(),
      check: Type.String({
        description: "authentication_results | dkim_verified | verp | original_message_id | none",
      }),
      why_not: Nullable(Str),
    },
    { additionalProperties: true },
  ),
  paused: Type.Array(Type.Object({ enrollment_id: Str, paused_until: Nullable(Str) }), {
    description:
      "the enrollments the reply paused when it arrived (hold reason reply_pending_review), with the paused_until each had before; empty for an auto-reply",
  }),
  decided_by: Nullable(Str),
  decided_at: Nullable(Str),
  outcome: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  created_at: Str,
});
export const Params = Type.Object({ id: IdParam("inbound review") });
