// Meetings (issue 41 item 2): the URLs Calendly and Cal.com post bookings to (public: each delivery
// proves itself with the endpoint's HMAC, read from the raw body as sent), the endpoints' API, a
// contact's meetings, a person's own booking link, and the bookings matched by address alone that
// wait for a person (issue 56 item 4). Thin over src/meetings.
import { Type } from "typebox";
import {
  addMeetingWebhook,
  BOOKING_REVIEW_STATUSES,
  decideBookingReview,
  listBookingReviews,
  listContactMeetings,
  listMeetingWebhooks,
  MEETING_PROVIDERS,
  MEETING_WEBHOOK_PATH,
  receiveBooking,
  removeMeetingWebhook,
  setBookingUrl,
} from "../../meetings/index.ts";
import type { BatonApp, RouteModule } from "../context.ts";
import { IdParam, PAGE_FIELDS, pageOf, stdErrors } from "../schemas.ts";

const Str = Type.String();
const NullStr = Type.Union([Str, Type.Null()]);
const Provider = Type.Union(
  MEETING_PROVIDERS.map((p) => Type.Literal(p)),
  { description: "calendly | calcom" },
);

const Outcome = Type.Object({
  outcome: Type.String({
    description: "booked | cancelled | duplicate (seen before) | ignored (not a booking event)",
  }),
  meeting_id: NullStr,
  contact_id: Type.Union([Str, Type.Null()], { description: "null: the invitee matched no contact" }),
  matched_by: Type.Union([Str, Type.Null()], { description: "token (the booking link's) | email | null" }),
  exits: Type.Array(
    Type.Object({
      enrollment_id: Str,
      status: Str,
      next: Type.String({ description: "what on_exit did: none | enrolled | handoff | skipped" }),
    }),
  ),
  review: Type.Union([Type.Literal("pending"), Type.Null()], {
    description:
      "pending: matched by the invitee's address alone; the contact's sends are held until a person confirms or dismisses the booking",
  }),
  held: Type.Array(Str, { description: "the enrollments a pending booking paused" }),
});

const ReviewStatus = Type.Union(
  BOOKING_REVIEW_STATUSES.map((s) => Type.Literal(s)),
  { description: "pending | confirmed | dismissed" },
);

const BookingReview = Type.Object({
  meeting_id: Str,
  review_status: ReviewStatus,
  provider: Str,
  contact_id: Str,
  invitee_email: Str,
  invitee_name: NullStr,
  title: NullStr,
  start_at: NullStr,
  booked_at: Str,
  status: Type.String({ description: "booked | cancelled" }),
  held: Type.Array(Type.Object({ enrollment_id: Str, paused_until: NullStr })),
  decided_by: NullStr,
  decided_at: NullStr,
});

const BookingDecided = Type.Object({
  meeting_id: Str,
  review_status: ReviewStatus,
  exits: Outcome.properties.exits,
  resumed: Type.Integer({ description: "dismiss: the held enrollments that resumed" }),
});

const MeetingWebhook = Type.Object({
  id: Str,
  provider: Str,
  url: Type.String({ description: "give this URL to the scheduling tool's webhook" }),
  max_age_s: Type.Integer(),
  last_event_at: NullStr,
  events_count: Str,
  created_at: Str,
});

const Meeting = Type.Object({
  id: Str,
  provider: Str,
  status: Type.String({ description: "booked | cancelled" }),
  matched_by: NullStr,
  title: NullStr,
  start_at: NullStr,
  end_at: NullStr,
  booked_at: Str,
  cancelled_at: NullStr,
  cancel_reason: NullStr,
  enrollment_id: Type.Union([Str, Type.Null()], { description: "the enrollment the booking ended" }),
  review_status: Type.Union([ReviewStatus, Type.Null()], {
    description: "matched by address alone: pending until a person confirms or dismisses it; else null",
  }),
});

export const meetingsRoutes: RouteModule = async (app, deps) => {
  await app.register(async (scope: BatonApp) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: 256 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    scope.post(
      `${MEETING_WEBHOOK_PATH}/:provider/:id`,
      {
        config: { public: true },
        schema: {
          tags: ["webhooks"],
          summary:
            "A scheduling tool's booking created or cancelled (Calendly, Cal.com); signed, no bearer token",
          security: [],
          params: Type.Object({
            provider: Provider,
            id: Type.String({
              minLength: 1,
              maxLength: 64,
              description: "The meeting webhook's id, as its creation returned it",
            }),
          }),
          response: { 200: Outcome, ...stdErrors },
        },
      },
      async (req) =>
        receiveBooking(
          { db: deps.db, secret: deps.config.secret },
          {
            provider: req.params.provider,
            id: req.params.id,
            headers: req.headers,
            rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
          },
          deps.now(),
        ),
    );
  });

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

  app.get(
    "/api/v1/meeting-webhooks",
    {
      schema: {
        tags: ["webhooks"],
        summary: "The tenant's meeting webhook endpoints, with the URL to give each tool (never a key)",
        response: { 200: Type.Object({ items: Type.Array(MeetingWebhook) }), ...stdErrors },
      },
    },
    async (req) => ({ items: await listMeetingWebhooks(deps.db, req.principal, deps.config.publicUrl) }),
  );

  app.delete(
    "/api/v1/meeting-webhooks/:id",
    {
      schema: {
        tags: ["webhooks"],
        summary: "Remove a meeting webhook endpoint (admin, revops); the meetings it brought stay",
        params: Type.Object({ id: IdParam("meeting") }),
        response: { 200: Type.Object({ removed: Type.Boolean() }), ...stdErrors },
      },
    },
    async (req) => {
      await removeMeetingWebhook(deps.db, req.principal, req.params.id);
      return { removed: true };
    },
  );

  app.get(
    "/api/v1/contacts/:id/meetings",
    {
      schema: {
        tags: ["contacts"],
        summary: "A contact's meetings booked through Calendly or Cal.com, newest first",
        params: Type.Object({ id: IdParam("meeting") }),
        response: { 200: Type.Object({ items: Type.Array(Meeting) }), ...stdErrors },
      },
    },
    async (req) => ({ items: await listContactMeetings(deps.db, req.principal, req.params.id) }),
  );

  app.get(
    "/api/v1/meetings/reviews",
    {
      schema: {
        tags: ["contacts"],
        summary:
          "Bookings matched to a contact by the invitee's address alone, oldest first: pending ones hold the contact's sends (revops, slm, admin, exec); 100 a page unless limit says",
        querystring: Type.Object({
          status: Type.Optional(ReviewStatus),
          ...PAGE_FIELDS,
        }),
        response: { 200: pageOf(BookingReview), ...stdErrors },
      },
    },
    async (req) => listBookingReviews(deps.db, req.principal, req.query),
  );

  for (const action of ["confirm", "dismiss"] as const) {
    app.post(
      `/api/v1/meetings/:id/${action}`,
      {
        schema: {
          tags: ["contacts"],
          summary:
            action === "confirm"
              ? "Confirm a booking matched by address alone: the contact's enrollments end as meeting_booked and follow on_exit (revops, slm, admin)"
              : "Dismiss a booking matched by address alone: nothing happens to the contact, the sends it held resume (revops, slm, admin)",
          params: Type.Object({ id: IdParam("meeting") }),
          response: { 200: BookingDecided, ...stdErrors },
        },
      },
      async (req) => decideBookingReview(deps.db, req.principal, req.params.id, action, deps.now()),
    );
  }

  app.put(
    "/api/v1/me/booking-link",
    {
      schema: {
        tags: ["me"],
        summary:
          "Set (or clear with null) your own Calendly or Cal.com page: the booking link in your emails",
        body: Type.Object(
          { booking_url: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ booking_url: NullStr }), ...stdErrors },
      },
    },
    async (req) => setBookingUrl(deps.db, req.principal, req.body.booking_url),
  );
};
