// The review queue of inbound mail Baton could not trust (issue 35 item 1): list, apply (for a
// stop request: confirm the opt-out), dismiss (the sends a person's reply paused resume; issue 56).
// RevOps and sales leaders (and admins) decide; agents never do. Thin over src/inbox.
import { Type } from "typebox";
import { decideInboundReview, getInboundReview, listInboundReviews } from "../../inbox/index.ts";
import type { RouteModule } from "../context.ts";
import { IdParam, PAGE_FIELDS, pageOf, stdErrors, Uuid } from "../schemas.ts";

const Str = Type.String();
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const Review = Type.Object({
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

const Params = Type.Object({ id: IdParam("inbound review") });

export const inboundReviewsRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/inbound-reviews",
    {
      schema: {
        tags: ["mailboxes"],
        summary:
          "Untrusted inbound mail waiting for a person (and decided ones, by status), oldest first; 100 a page unless limit says",
        querystring: Type.Object({
          status: Type.Optional(
            Type.Union([Type.Literal("pending"), Type.Literal("applied"), Type.Literal("dismissed")], {
              description: "pending (default) | applied | dismissed",
            }),
          ),
          contact_id: Type.Optional({ ...Uuid, description: "Only this contact's messages (uuid)" }),
          ...PAGE_FIELDS,
        }),
        response: { 200: pageOf(Review), ...stdErrors },
      },
    },
    async (req) =>
      listInboundReviews(deps.db, req.principal, {
        status: req.query.status ?? "pending",
        contactId: req.query.contact_id,
        limit: req.query.limit,
        cursor: req.query.cursor,
      }),
  );

  app.get(
    "/api/v1/inbound-reviews/:id",
    {
      schema: {
        tags: ["mailboxes"],
        summary: "One untrusted inbound message, why it was not trusted, and what was decided",
        params: Params,
        response: { 200: Review, ...stdErrors },
      },
    },
    async (req) => getInboundReview(deps.db, req.principal, req.params.id),
  );

  for (const action of ["apply", "dismiss"] as const) {
    app.post(
      `/api/v1/inbound-reviews/:id/${action}`,
      {
        schema: {
          tags: ["mailboxes"],
          summary:
            action === "apply"
              ? "Act on it as if it were trusted: the hold released and process_reply run with its classification in one transaction; for a stop request, confirm the opt-out (revops, slm, admin)"
              : "Dismiss it: nothing happens to the person, and the sends the reply paused resume (revops, slm, admin)",
          params: Params,
          response: { 200: Review, ...stdErrors },
        },
      },
      async (req) => decideInboundReview(deps.db, req.principal, req.params.id, action, deps.now()),
    );
  }
};
