// Error codes of the coordinator periphery: event-log queries, notifications and webhooks,
// proactive flags, the cohort view and active-play execution (spec 001).
import { defineErrors } from "../errors/define.ts";

export const coordinatorPeripheryErrors = defineErrors({
  EVENT_CURSOR_INVALID: {
    status: 400,
    rule: "event-log queries page with the opaque cursor the previous page returned",
    message: () => "The cursor is not one this API returned.",
    next: () =>
      "Send the next_cursor value of the previous page unchanged, or omit cursor for the first page.",
  },
  EVENT_TIME_RANGE_INVALID: {
    status: 400,
    rule: "an event-log time range runs forward",
    message: (f) => `The time range is empty: from ${f.from} is not before to ${f.to}.`,
    next: () => "Send from earlier than to (from is inclusive, to is exclusive).",
  },
  COHORT_QUARTER_INVALID: {
    status: 400,
    rule: "spec 001: the cohort retrospective runs per quarter",
    message: (f) => `'${f.quarter}' is not a quarter.`,
    next: () => "Name the quarter as YYYY-Qn, for example 2026-Q4.",
  },
  FLAG_ALREADY_RESOLVED: {
    status: 409,
    rule: "spec 001 proactive flags: a flag is resolved once",
    message: (f) => `Flag ${f.flag_id} was already resolved at ${f.resolved_at}.`,
    next: () => "List open flags (GET /api/v1/flags?status=open) and resolve one of those.",
  },
  WEBHOOK_URL_NOT_ALLOWED: {
    status: 422,
    rule: "webhooks are plain http(s) URLs without credentials",
    message: (f) => `The webhook URL is not allowed: ${f.reason}.`,
    next: () =>
      "Give an http:// or https:// URL without a user name or password in it; authenticate with the signing secret.",
  },
  WEBHOOK_ADDRESS_REFUSED: {
    status: 422,
    rule: "webhooks reach public addresses only, checked at registration and at every delivery (docs/operations.md, Webhook address policy)",
    message: (f) =>
      `The webhook host ${f.host} resolves to ${f.address}, in the ${f.range} range, which webhooks may not reach.`,
    next: () =>
      "Give a URL whose host resolves only to public addresses. For a receiver on this machine in development, start Baton with BATON_WEBHOOK_ALLOW_LOOPBACK=true (loopback only).",
  },
  WEBHOOK_HOST_UNRESOLVED: {
    status: 422,
    rule: "a webhook's host must resolve, so that its addresses can be checked",
    message: (f) => `The webhook host ${f.host} does not resolve (${f.reason}).`,
    next: () => "Check the host name in the URL, or register the webhook once its DNS record exists.",
  },
  PLAY_EXECUTION_UNAVAILABLE: {
    status: 503,
    rule: "spec 001: activations go through the coordinator's gates only",
    message: () =>
      "The coordinator's activation gate is not available in this build, so no play was executed.",
    next: () => "Retry after upgrading; nothing was enrolled.",
  },
});

// its codes in the registry's type (src/errors/registry.ts); src/runtime/errors.ts registers the entries
type Codes = typeof coordinatorPeripheryErrors;
declare module "../errors/registry.ts" {
  interface ErrorRegistry extends Codes {}
}
