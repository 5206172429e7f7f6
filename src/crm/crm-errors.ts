// Error codes of the CRMs reached over OAuth2 (issue 41 item 1, docs/adapters.md "HubSpot",
// "Salesforce"). A CRM's webhook signature refusals reuse WEBHOOK_SIGNATURE_INVALID and
// WEBHOOK_TIMESTAMP_STALE (src/inbox/webhook-errors.ts).
import { defineErrors } from "../errors/define.ts";

export const crmErrors = defineErrors({
  CRM_PROVIDER_NOT_CONFIGURED: {
    status: 404,
    rule: "issue 41: a CRM is connected over OAuth2 only when its app credentials are configured",
    message: (f) => `The ${f.provider} CRM is not configured on this Baton server.`,
    next: (f) =>
      f.provider === "attio"
        ? "Set ATTIO_API_KEY (docs/adapters.md) and restart."
        : `Set ${String(f.provider).toUpperCase()}_CLIENT_ID and ${String(f.provider).toUpperCase()}_CLIENT_SECRET (docs/adapters.md) and restart.`,
  },
  CRM_NOT_CONNECTED: {
    status: 409,
    rule: "issue 41: Baton writes to a tenant's CRM only with the OAuth2 tokens that tenant granted",
    message: (f) => `This workspace has not connected ${f.provider} (no OAuth2 tokens are stored).`,
    next: (f) =>
      `A revops user opens GET /api/v1/crm/oauth/${f.provider}/start and follows authorize_url to grant access; the CRM outbox retries meanwhile.`,
  },
  CRM_TOKEN_REFRESH_FAILED: {
    status: 502,
    rule: "issue 41: an expired CRM access token is refreshed with the stored refresh token",
    message: (f) => `${f.provider} refused to refresh the access token (${f.status}): ${f.why}.`,
    next: (f) =>
      `If the grant was revoked in ${f.provider}, connect again: GET /api/v1/crm/oauth/${f.provider}/start.`,
  },
  CRM_OAUTH_STATE_INVALID: {
    status: 400,
    rule: "issue 58: an OAuth2 callback is accepted only with a state Baton issued, unused, under 10 minutes old, in the sign-in session of the person who started the grant",
    message: (f) => `The OAuth2 callback is refused: ${f.why}.`,
    next: (f) =>
      `Start again from GET /api/v1/crm/oauth/${f.provider}/start; its authorize_url is valid for 10 minutes.`,
  },
  CRM_OAUTH_EXCHANGE_FAILED: {
    status: 502,
    rule: "issue 41: the authorization code is exchanged for tokens at the CRM's token endpoint",
    message: (f) => `${f.provider} refused the authorization code (${f.status}): ${f.why}.`,
    next: (f) =>
      `Check the redirect URI registered in the ${f.provider} app (docs/adapters.md), then start again.`,
  },
  CRM_ACCOUNT_CONNECTED_ELSEWHERE: {
    status: 409,
    rule: "issue 58: one workspace per CRM account, since the CRM's webhooks are routed to the workspace by its account",
    message: (f) =>
      `The ${f.provider} account ${f.account} is connected to another Baton workspace; nothing was stored.`,
    next: (f) =>
      `Grant access to this workspace's own ${f.provider} account: an account serves one workspace, since its webhooks name only the account.`,
  },
  CRM_ACCOUNT_CHANGE_NOT_PENDING: {
    status: 404,
    rule: "issue 58: a grant for another CRM account than the connected one waits 24 hours for a revops or admin person's confirmation",
    message: (f) => `No change of the ${f.provider} account can be confirmed under ${f.grant}: ${f.why}.`,
    next: (f) =>
      `Connect again from GET /api/v1/crm/oauth/${f.provider}/start; a grant for another account waits for POST /api/v1/crm/oauth/${f.provider}/confirm.`,
  },
  CRM_WEBHOOK_PAYLOAD_INVALID: {
    status: 400,
    rule: "issue 41: a CRM webhook delivery must carry the CRM's documented event payload",
    message: (f) => `The ${f.provider} delivery is not an event list Baton can read: ${f.why}.`,
    next: () =>
      "Subscribe the app's webhooks to contact property changes and deletions only (docs/adapters.md).",
  },
  CRM_WEBHOOK_ACCOUNT_UNKNOWN: {
    status: 404,
    rule: "issue 41: a CRM webhook is applied to the one tenant that connected that CRM account",
    message: (f) => `No workspace connected the ${f.provider} account ${f.account}.`,
    next: (f) => `Connect the account first: GET /api/v1/crm/oauth/${f.provider}/start.`,
  },
  CRM_WEBHOOK_NOT_FOUND: {
    status: 404,
    rule: "issue 71: a CRM webhook's receiving URL names one workspace's registered webhook",
    message: (f) => `No ${f.provider} webhook is registered under ${f.id}.`,
    next: (f) =>
      `A revops or admin person registers it: POST /api/v1/crm/${f.provider}/webhook (Baton gives ${f.provider} the URL).`,
  },
  CRM_WEBHOOK_ACCOUNT_MISMATCH: {
    status: 403,
    rule: "issue 71: a CRM webhook delivery acts only for the CRM workspace and webhook it was registered for",
    message: (f) =>
      `The ${f.provider} delivery names ${f.what} ${f.given}, not the ${f.expected} this URL was registered for; nothing changed.`,
    next: (f) =>
      `Nothing to do if it is not yours; if the ${f.provider} workspace changed, register the webhook again: POST /api/v1/crm/${f.provider}/webhook.`,
  },
  CRM_WEBHOOK_REPLAYED: {
    status: 409,
    rule: "issue 71: a signed CRM delivery is applied once; the same signed body again under another delivery key within the replay window is a replay",
    message: (f) =>
      `This ${f.provider} delivery's signed body was received ${f.age_s} s ago under another key; a replay within ${f.window_s} s is refused and changes nothing.`,
    next: () =>
      "Nothing to do: the first delivery was applied; a genuine repeat is applied when the CRM retries it after the window.",
  },
  CRM_WEBHOOK_REGISTER_FAILED: {
    status: 502,
    rule: "issue 71: a CRM webhook is created through the CRM's own API, which must accept it",
    message: (f) => `${f.provider} refused to create the webhook: ${f.why}.`,
    next: (f) =>
      f.provider === "attio"
        ? "Give the Attio key the webhook:read-write scope and set BATON_PUBLIC_URL to Baton's public https URL, then register again."
        : "Check the CRM app's scopes and BATON_PUBLIC_URL, then register again.",
  },
});

// its codes in the registry's type (src/errors/registry.ts); src/runtime/errors.ts registers the entries
type Codes = typeof crmErrors;
declare module "../errors/registry.ts" {
  interface ErrorRegistry extends Codes {}
}
