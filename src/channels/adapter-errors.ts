// Error codes of the adapters: channels, unsubscribe, CRM, drafting (SQLSTATE class BX, unused so far).
import { defineErrors } from "../errors/define.ts";

export const adapterErrors = defineErrors({
  TIME_ZONE_UNKNOWN: {
    status: 422,
    sqlstate: "BX001",
    rule: "issue 12: contacts' and accounts' time zones are IANA names (send windows, the daily cap)",
    message: (f) => `'${f.time_zone ?? ""}' is not an IANA time zone name.`,
    next: () =>
      "Use a zone name such as America/New_York, Europe/Berlin or UTC (not an offset such as +05:00), or leave it empty to use the account's.",
  },
  UNSUBSCRIBE_LINK_INVALID: {
    status: 400,
    rule: "spec 002 Channels: the unsubscribe link is a signed token",
    message: () =>
      "This unsubscribe link is not valid: it was changed, cut short, or signed by another Baton.",
    next: () => "Open the full link from the email again, or reply to the email asking to be removed.",
  },
  CRM_WRITE_NOT_DEAD: {
    status: 409,
    rule: "spec 002 CRM: only dead-lettered CRM writes are re-queued by hand",
    message: (f) => `CRM write ${f.id} is ${f.status}, not dead.`,
    next: (f) =>
      f.status === "pending"
        ? "It is still being retried automatically; wait for the drainer."
        : "It was applied already; nothing to do.",
  },
  DRAFTER_FAILED: {
    status: 502,
    rule: "spec 002 Drafting: the drafter is pluggable",
    message: (f) =>
      `The ${f.drafter ?? "configured"} drafter could not write the draft: ${f.reason ?? "unknown error"}.`,
    next: () =>
      "Retry later, or switch to the template drafter (unset LLM_BASE_URL) and edit the draft before approving.",
  },
  SENDER_ADDRESS_MISSING: {
    status: 409,
    rule: "issue 41: commercial email carries the sender's postal address and a visible unsubscribe link (CAN-SPAM, CASL)",
    message: () =>
      "Commercial email is refused: the tenant has no sender identity (company and postal address) for its footer.",
    next: () =>
      "Set the company and postal address on the Mailboxes page, or PUT /api/v1/sender-identity (admin, revops); refused sends can then be retried.",
  },
  SENDER_IDENTITY_INVALID: {
    status: 400,
    rule: "issue 41: the footer's postal address is a full address a reader could write to",
    message: (f) => `The sender identity is refused: ${f.why}.`,
    next: () =>
      "Give the company's legal name and its full postal address (street, city, postal code, country).",
  },
});

// its codes in the registry's type (src/errors/registry.ts); src/runtime/errors.ts registers the entries
type Codes = typeof adapterErrors;
declare module "../errors/registry.ts" {
  interface ErrorRegistry extends Codes {}
}
