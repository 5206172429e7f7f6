// What the routes of meetings-routes.ts share.
import { Type } from "typebox";
import { BOOKING_REVIEW_STATUSES, MEETING_PROVIDERS } from "../../../meetings/index.ts";

export const Str = Type.String();
export const NullStr = Type.Union([Str, Type.Null()]);
export const Provider = Type.Union(
  MEETING_PROVIDERS.map((p) => Type.Literal(p)),
  { description: "calendly | calcom" },
);
export const Outcome = Type.Object({
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
export const ReviewStatus = Type.Union(
  BOOKING_REVIEW_STATUSES.map((s) => Type.Literal(s)),
  { description: "pending | confirmed | dismissed" },
);
export const BookingReview = Type.Object({
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
export const BookingDecided = Type.Object({
  meeting_id: Str,
  review_status: ReviewStatus,
  exits: Outcome.properties.exits,
  resumed: Type.Integer({ description: "dismiss: the held enrollments that resumed" }),
});
export const MeetingWebhook = Type.Object({
  id: Str,
  provider: Str,
  url: Type.String({ description: "give this URL to the scheduling tool's webhook" }),
  max_age_s: Type.Integer(),
  last_event_at: NullStr,
  events_count: Str,
  created_at: Str,
});
export const Meeting = Type.Object({
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
