// The meetings module's door (issue 70 item 2): outside src/meetings, code imports this file (or contract.ts)
// and nothing else; .dependency-cruiser.cjs's rule one-door-per-folder holds it.
export { senderBookingLink } from "./booking-link.ts";
export { decideBookingReview, listBookingReviews } from "./decide-booking-review.ts";
export {
  addMeetingWebhook,
  listMeetingWebhooks,
  MEETING_WEBHOOK_PATH,
  removeMeetingWebhook,
  setBookingUrl,
} from "./manage-meeting-webhooks.ts";
export { meetingErrors } from "./meeting-errors.ts";
export { listContactMeetings } from "./read-meetings.ts";
export { receiveBooking } from "./receive-booking.ts";
export { BOOKING_REVIEW_STATUSES, MEETING_PROVIDERS } from "./tables.ts";
