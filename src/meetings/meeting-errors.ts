// Error codes of the meeting webhooks and booking links (issue 41 item 2, docs/adapters.md
// "Meetings"). A refused delivery changes nothing; the provider sees the code in the body.
import { defineErrors } from "../errors/define.ts";

export const meetingErrors = defineErrors({
  MEETING_WEBHOOK_NOT_FOUND: {
    status: 404,
    rule: "issue 41: each meeting webhook URL names one tenant's configured Calendly or Cal.com endpoint",
    message: (f) => `No ${f.provider} meeting webhook endpoint ${f.id}.`,
    next: () =>
      "Copy the URL that GET /api/v1/meeting-webhooks shows into the scheduling tool's webhook settings.",
  },
  MEETING_WEBHOOK_CONFIG_INVALID: {
    status: 400,
    rule: "issue 41: a meeting webhook endpoint needs the provider's signing key",
    message: (f) => `The ${f.provider} meeting webhook cannot be added: ${f.why}.`,
    next: () =>
      "Give the signing key you set on the webhook (Calendly: the webhook subscription's signing_key; Cal.com: the webhook's secret).",
  },
  MEETING_PAYLOAD_INVALID: {
    status: 400,
    rule: "issue 41: a meeting webhook delivery must carry the provider's documented booking payload",
    message: (f) => `The ${f.provider} delivery is not a booking Baton can read: ${f.why}.`,
    next: () => "Subscribe the webhook to booking created and cancelled events only.",
  },
  MEETING_NOT_FOUND: {
    status: 404,
    rule: "issue 41: a meeting is one of the tenant's bookings",
    message: (f) => `No meeting ${f.id}.`,
    next: () => "List the bookings that wait for a person with GET /api/v1/meetings/reviews.",
  },
  BOOKING_REVIEW_NOT_PENDING: {
    status: 409,
    rule: "issue 56: a person decides a booking matched by address alone once (confirm or dismiss)",
    message: (f) => `Meeting ${f.id} does not wait for a decision (${f.status}).`,
    next: () => "Read it again (GET /api/v1/meetings/reviews?status=confirmed|dismissed) to see who decided.",
  },
  BOOKING_URL_INVALID: {
    status: 400,
    rule: "issue 41: a sender's booking link is an https URL of a scheduling page",
    message: (f) => `The booking link is refused: ${f.why}.`,
    next: () =>
      "Give the https:// address of your Calendly or Cal.com page, e.g. https://calendly.com/you/30min.",
  },
});

// its codes in the registry's type (src/errors/registry.ts); src/runtime/errors.ts registers the entries
type Codes = typeof meetingErrors;
declare module "../errors/registry.ts" {
  interface ErrorRegistry extends Codes {}
}
