// The mailbox ingester's public surface (issue 12 parts 1-3 and 6; docs/mailboxes.md).
export { type AccessTokenProvider, registerAccessTokenProvider, type TokenMailbox } from "./access-token.ts";
export { processBounce } from "./bounces.ts";
export { classifyInbound, type InboundClass } from "./classify-inbound.ts";
export { classifyMail, type MailClass } from "./classify-mail.ts";
export { type DeliveryStatusReport, parseDeliveryStatus } from "./delivery-status.ts";
export {
  decideInboundReview,
  getInboundReview,
  holdContactSends,
  listInboundReviews,
  REVIEW_DECIDER_ROLES,
  REVIEW_READER_ROLES,
  reviewInBook,
} from "./inbound-reviews.ts";
export { inboxErrors } from "./inbox-errors.ts";
export { startInboxJob } from "./inbox-job.ts";
export { type InboxMetrics, noInboxMetrics } from "./inbox-metrics.ts";
export { ensureInboxPrincipal, INBOX_AGENT_ID } from "./inbox-principal.ts";
export { decryptSecret, encryptSecret } from "./inbox-secret.ts";
export { type InboxWorker, type InboxWorkerOptions, startInboxWorker } from "./inbox-worker.ts";
export {
  type AddInboxInput,
  addInbox,
  INBOX_MANAGER_ROLES,
  type InboxAuthInput,
  setInboxPaused,
  setTrustedAuthservIds,
} from "./manage-inboxes.ts";
export {
  addWebhook,
  listWebhookEvents,
  listWebhooks,
  removeWebhook,
  replaceWebhookKeys,
  WEBHOOK_PATH,
} from "./manage-webhooks.ts";
export { type InboundMatch, matchInbound } from "./match-inbound.ts";
export {
  builtinTokenProvider,
  createRefreshGrantProvider,
  type RefreshGrantProvider,
  type RefreshGrantProviderOptions,
} from "./oauth-refresh-provider.ts";
export { type InboundMessage, parseInbound } from "./parse-inbound.ts";
export { processInboundMessage } from "./process-inbound.ts";
export { listMailboxStates, type MailboxState } from "./read-mailbox-state.ts";
export { receiveWebhook } from "./receive-webhook.ts";
export { syncInboxOnce } from "./sync-inbox-once.ts";
export { REVIEW_STATUSES, type ReviewStatus } from "./tables.ts";
export { webhookErrors } from "./webhook-errors.ts";
export type { SnsTransport } from "./webhook-ses.ts";
export { WEBHOOK_PROVIDERS, type WebhookProvider } from "./webhook-tables.ts";
