// Error codes of the provider webhooks (issue 35 item 5, docs/mailboxes.md "Provider webhooks").
// A refused request changes nothing; the provider sees the code in the body.
import { defineErrors } from "../errors/define.ts";

export const webhookErrors = defineErrors({
  WEBHOOK_NOT_FOUND: {
    status: 404,
    rule: "issue 35: each provider webhook URL names one tenant's configured endpoint",
    message: (f) => `No ${f.provider} webhook endpoint ${f.id}.`,
    next: () =>
      "Copy the URL that 'baton inbound webhooks list' (GET /api/v1/inbound/webhooks) shows into the provider's settings.",
  },
  WEBHOOK_SIGNATURE_INVALID: {
    status: 401,
    rule: "issue 35: a provider's event acts only when the provider's signature over it verifies",
    message: (f) => `The ${f.provider} webhook request is not signed by the configured key: ${f.why}.`,
    next: (f) =>
      f.provider === "postmark"
        ? "Put the Basic credentials and the path token configured in Baton on the Postmark webhook URL."
        : "Check that the endpoint's key is the provider's current webhook signing / verification key.",
  },
  WEBHOOK_TIMESTAMP_STALE: {
    status: 401,
    rule: "issue 35: a signed webhook request older than the endpoint's max_age_s is refused (replay)",
    message: (f) =>
      `The ${f.provider} webhook request was signed ${f.age_s} s ago; at most ${f.max_age_s} s is accepted.`,
    next: () => "Check the server's clock; a replayed request is refused by design.",
  },
  WEBHOOK_REPLAYED: {
    status: 403,
    rule: "issue 35: each Mailgun signature token is accepted once",
    message: (f) => `This ${f.provider} webhook request (token) was accepted before; a replay is refused.`,
    next: () => "Nothing to do: the first request was applied.",
  },
  WEBHOOK_SOURCE_REFUSED: {
    status: 403,
    rule: "issue 35: SNS messages are accepted from the configured topics, signed by a certificate from sns.<region>.amazonaws.com",
    message: (f) => `The SNS message is refused: ${f.why}.`,
    next: () =>
      "Add the topic's ARN to the endpoint (topic_arns), and subscribe this URL to that topic over HTTPS.",
  },
  WEBHOOK_SUBSCRIBE_FAILED: {
    status: 502,
    rule: "issue 35: an SNS subscription is confirmed by calling its SubscribeURL",
    message: (f) => `The SNS SubscribeURL answered ${f.status}; the subscription is not confirmed.`,
    next: () => "SNS sends the confirmation again; or confirm the subscription in the SNS console.",
  },
  WEBHOOK_PAYLOAD_INVALID: {
    status: 400,
    rule: "issue 35: provider webhooks carry the provider's documented JSON",
    message: (f) => `The ${f.provider} webhook body is not valid: ${f.why}.`,
    next: () => "Send the provider's documented event JSON.",
  },
  WEBHOOK_CONFIG_INVALID: {
    status: 400,
    rule: "issue 35: each provider webhook endpoint has what verifies its requests",
    message: (f) => `The ${f.provider} webhook endpoint cannot be configured: ${f.why}.`,
    next: (f) => `${f.hint ?? 'See docs/mailboxes.md "Provider webhooks" for what each provider needs.'}`,
  },
});

// its codes in the registry's type (src/errors/registry.ts); src/runtime/errors.ts registers the entries
type Codes = typeof webhookErrors;
declare module "../errors/registry.ts" {
  interface ErrorRegistry extends Codes {}
}
