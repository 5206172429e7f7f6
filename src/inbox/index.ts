// The mailbox ingester's public surface (issue 12 parts 1-3 and 6; docs/mailboxes.md).
export { type AccessTokenProvider, registerAccessTokenProvider, type TokenMailbox } from "./access-token.ts";
export { classifyInbound, type InboundClass } from "./classify-inbound.ts";
export { type DeliveryStatusReport, parseDeliveryStatus } from "./delivery-status.ts";
export { startInboxJob } from "./inbox-job.ts";
export { type InboxMetrics, noInboxMetrics } from "./inbox-metrics.ts";
export { ensureInboxPrincipal, INBOX_AGENT_ID } from "./inbox-principal.ts";
export { type InboxWorker, type InboxWorkerOptions, startInboxWorker } from "./inbox-worker.ts";
export { type AddInboxInput, addInbox, INBOX_MANAGER_ROLES, setInboxPaused } from "./manage-inboxes.ts";
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
