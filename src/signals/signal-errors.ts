// Error codes of signals (issue 69, docs/signals.md): the catalogue, the page rules, the webhook
// sources and what their requests must prove. A refused request changes nothing.
import { defineErrors } from "../errors/define.ts";

export const signalErrors = defineErrors({
  SIGNAL_TYPE_UNKNOWN: {
    status: 422,
    rule: "issue 69: every signal has a type from the tenant's catalogue",
    message: (f) => `There is no signal type ${f.type} in this workspace's catalogue.`,
    next: () =>
      "Use a type the catalogue lists ('baton signals types list'), or ask RevOps to add it ('baton signals types set').",
  },
  SIGNAL_TYPE_IN_USE: {
    status: 409,
    rule: "issue 69: a type that signals or page rules name stays in the catalogue",
    message: (f) =>
      `Signal type ${f.type ?? ""} is still used by signals or page rules.`.replace("type  is", "type is"),
    next: () => "Change its weight, decay or side instead; a type with history is kept.",
    constraints: ["signals_client_id_type_fkey", "signal_page_rules_client_id_type_fkey"],
  },
  SIGNAL_RULE_INVALID: {
    status: 422,
    rule: "issue 69: a page rule maps a URL path pattern (or a track event's name) to a type",
    message: (f) => `The page rule is invalid: ${f.why}.`,
    next: () =>
      "Give a path starting with / ('/pricing', '/pricing/*', '/docs/**') for kind page, or an event name for kind track.",
  },
  SIGNAL_RULE_TAKEN: {
    status: 409,
    rule: "issue 69: one rule per pattern",
    message: () => "A page rule with this pattern exists.",
    next: () => "Remove it first ('baton signals rules list' shows its id), or use another pattern.",
    constraints: ["signal_page_rules_pattern_key"],
  },
  SIGNAL_SOURCE_TAKEN: {
    status: 409,
    rule: "issue 69: a webhook source's name is the signals' source, one per name",
    message: () => "A signal source with this name exists.",
    next: () => "Choose another name, or rotate the existing source's secret.",
    constraints: ["signal_sources_name_key"],
  },
  SIGNAL_SOURCE_NOT_FOUND: {
    status: 404,
    rule: "issue 69: each signal webhook URL names one tenant's source",
    message: (f) => `No signal source ${f.id ?? ""}.`.replace(" .", "."),
    next: () => "Copy the URL 'baton signals sources list' shows into the tool's webhook settings.",
  },
  SIGNAL_SIGNATURE_INVALID: {
    status: 401,
    rule: "issue 69: a webhook event acts only when its HMAC over the raw body verifies with the source's secret",
    message: (f) => `The signal webhook request is not signed with the source's shared secret: ${f.why}.`,
    next: () =>
      "Set the source's shared secret in the destination's settings (Segment: Shared Secret, signed in X-Signature).",
  },
  SIGNAL_EVENT_STALE: {
    status: 401,
    rule: "issue 69: a signed event older than the source's max_age_s is refused (replay); inside it, the dedup key makes a replay a duplicate",
    message: (f) =>
      `The signal event was sent ${f.age_s} s ${f.future ? "in the future" : "ago"}; at most ${f.max_age_s} s is accepted.`,
    next: () => "Check the sender's clock; a replayed event is refused by design.",
  },
  SIGNAL_PAYLOAD_INVALID: {
    status: 400,
    rule: "issue 69: the webhook takes Segment's track and page events (one event per request)",
    message: (f) => `The signal webhook body is not valid: ${f.why}.`,
    next: () =>
      "Send one Segment/RudderStack track or page event as JSON with a messageId and sentAt; turn batching off.",
  },
});

// its codes in the one registry's type (src/errors/registry.ts)
declare module "../errors/registry.ts" {
  interface ErrorRegistry extends SignalErrors {}
}
type SignalErrors = typeof signalErrors;
