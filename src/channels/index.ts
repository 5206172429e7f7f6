// The channels module's public surface.

export { adapterErrors } from "./adapter-errors.ts";
export type { Channel, EmailChannel, OutboundEmail, SendResult } from "./channel.ts";
export { channelOf } from "./channel.ts";
export {
  CHANNEL_KINDS,
  CHANNELS,
  type ChannelKind,
  type ChannelName,
  CONTENT_TYPES,
  type ContentType,
  channelLabel,
  hasSubject,
  isChannelName,
  isSendingChannel,
} from "./channel-kinds.ts";
export { createEmailChannel } from "./create-email-channel.ts";
export { DEV_CHANNEL_NOTICE, DevRecordingEmailChannel } from "./dev-email-channel.ts";
export { addDkimKey, listDkimKeys } from "./dkim-keys.ts";
export { linkedinTaskText, normalizeLinkedinUrl } from "./linkedin-task.ts";
export {
  effectiveDailyLimit,
  listMailboxLimits,
  nextUtcMidnight,
  setMailboxLimit,
  setMailboxRamp,
  utcDay,
} from "./mailbox-limits.ts";
export { type MailboxSendState, mailboxSendState } from "./mailbox-send-state.ts";
export { describeUnsubscribe, unsubscribeByToken } from "./one-click-unsubscribe.ts";
export { recordBounce } from "./record-bounce.ts";
export { renderHtml } from "./render-html.ts";
export { getSenderIdentity, seedSenderIdentity, setSenderIdentity } from "./sender-identity.ts";
export { chooseSender, loadSenders } from "./sender-rule.ts";
export {
  checkSendingDomain,
  RECORD_KINDS,
  RECORD_STATUSES,
  systemTxtResolver,
  type TxtResolver,
} from "./sending-domain-checks.ts";
export { checkSendingDomains, sendingDomains } from "./sending-domains.ts";
export { SmtpEmailChannel } from "./smtp-email-channel.ts";
export { classifySmtpError } from "./smtp-error.ts";
export { loadThreads } from "./thread.ts";
export { confirmPage, donePage, errorPage } from "./unsubscribe-page.ts";
export {
  signUnsubscribeToken,
  unsubscribeHeaders,
  unsubscribeUrl,
  verifyUnsubscribeToken,
} from "./unsubscribe-token.ts";
export { verpMessageId } from "./verp-address.ts";
