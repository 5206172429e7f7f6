// Meetings (issue 41 item 2): the URLs Calendly and Cal.com post bookings to (public: each delivery
// proves itself with the endpoint's HMAC, read from the raw body as sent), the endpoints' API, a
// contact's meetings, a person's own booking link, and the bookings matched by address alone that
// wait for a person (issue 56 item 4). Thin over src/meetings.
import type { RouteModule } from "../context.ts";
import { createMeetingWebhookRoute } from "./meetings/create-meeting-webhook.ts";
import { deleteMeetingWebhookRoute } from "./meetings/delete-meeting-webhook.ts";
import { listContactMeetingsRoute } from "./meetings/list-contact-meetings.ts";
import { listMeetingWebhooksRoute } from "./meetings/list-meeting-webhooks.ts";
import { listMeetingsReviewsRoute } from "./meetings/list-meetings-reviews.ts";
import { postMeetingDecisionRoute } from "./meetings/post-meeting-decision.ts";
import { putMeBookingLinkRoute } from "./meetings/put-me-booking-link.ts";
import { receiveBookingRoute } from "./meetings/receive-booking.ts";

export const meetingsRoutes: RouteModule = async (app, deps) => {
  await receiveBookingRoute(app, deps); // POST ${MEETING_WEBHOOK_PATH}/:provider/:id
  createMeetingWebhookRoute(app, deps); // POST /api/v1/meeting-webhooks
  listMeetingWebhooksRoute(app, deps); // GET /api/v1/meeting-webhooks
  deleteMeetingWebhookRoute(app, deps); // DELETE /api/v1/meeting-webhooks/:id
  listContactMeetingsRoute(app, deps); // GET /api/v1/contacts/:id/meetings
  listMeetingsReviewsRoute(app, deps); // GET /api/v1/meetings/reviews

  for (const action of ["confirm", "dismiss"] as const) {
    postMeetingDecisionRoute(app, deps, action); // POST /api/v1/meetings/:id/{confirm,dismiss}
  }
  putMeBookingLinkRoute(app, deps); // PUT /api/v1/me/booking-link
};
