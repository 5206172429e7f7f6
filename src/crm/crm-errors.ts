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
      `Set ${String(f.provider).toUpperCase()}_CLIENT_ID and ${String(f.provider).toUpperCase()}_CLIENT_SECRET (docs/adapters.md) and restart.`,
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
    rule: "issue 41: an OAuth2 callback is accepted only with the signed, unexpired state Baton issued",
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
});
