// The mailboxes module's public surface (issue 67): a person's connected mailbox, its tokens, its
// state and its provider's settings and limits.
import type { MailboxProvider, MailboxStatus } from "./tables.ts";

// a campaign's pool of mailboxes to send from (issue 12)
export { isMailboxAddress, loadMailboxPools, setPoolMailbox } from "./mailbox-pools.ts";
export { type MailboxEventType, resumeEndedPauses, setMailboxStatus } from "./mailbox-state.ts";
export {
  mailboxAccessToken,
  refreshRejectedMailboxToken,
  sealedTokens,
  type TokenContext,
  tokensOf,
} from "./mailbox-tokens.ts";
export {
  GOOGLE_SCOPES,
  type MailboxOAuthProvider,
  MICROSOFT_SCOPES,
  mailboxOAuthProvider,
  mailboxRedirectUri,
  PROVIDER_LIMITS,
  requireMailboxOAuthProvider,
} from "./providers.ts";
export type { MailboxProvider, MailboxStatus, OAuthMailboxProvider } from "./tables.ts";

/** A connected mailbox as the sender reads it (reserve-mailboxes.ts). */
export interface ConnectionState {
  clientId: string;
  /** lower case */
  mailbox: string;
  /** as the message named it */
  given: string;
  provider: MailboxProvider;
  status: MailboxStatus;
  canSend: boolean;
  pausedUntil: Date | null;
  reason: string | null;
}

/** The columns of a mailbox_connections row `mc` the sender reads (left-joined: nulls when none). */
export const CONNECTION_STATES_SQL = "mc.provider, mc.status, mc.can_send, mc.paused_until, mc.status_reason";
export {
  finishMailboxConnect,
  type MailboxConnectSettings,
  startMailboxConnect,
} from "./connect-mailbox.ts";
export { disconnectMailbox } from "./disconnect-mailbox.ts";
export {
  connectableProviders,
  listMailboxConnections,
  MAILBOX_MANAGERS,
  setCampaignPoolMailbox,
} from "./list-mailboxes.ts";
export { mailboxErrors } from "./mailbox-errors.ts";
export { stateInvalid } from "./mailbox-oauth-state.ts";
