// The channels module's public surface.
export type { EmailChannel, OutboundEmail, SendResult } from "./channel.ts";
export { createEmailChannel } from "./create-email-channel.ts";
export { DEV_CHANNEL_NOTICE, DevRecordingEmailChannel } from "./dev-email-channel.ts";
export { linkedinTaskText, normalizeLinkedinUrl } from "./linkedin-task.ts";
export { listMailboxLimits, nextUtcMidnight, setMailboxLimit } from "./mailbox-limits.ts";
export { recordBounce } from "./send-with-ledger.ts";
export { SmtpEmailChannel } from "./smtp-email-channel.ts";
export { classifySmtpError } from "./smtp-error.ts";
export {
  signUnsubscribeToken,
  unsubscribeHeaders,
  unsubscribeUrl,
  verifyUnsubscribeToken,
} from "./unsubscribe-token.ts";
