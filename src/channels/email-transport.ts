// The transport contract of the at-most-once ledger (send-with-ledger.ts, spec 002): what every
// email transport (SMTP, the dev outbox, a provider's API) offers the ledger, and how the ledger
// finds the transport of a person's connected mailbox (issue 67, mailbox-transports.ts).
import type { MailboxProvider } from "../mailboxes/index.ts";
import type { PreparedEmail } from "./ledger-types.ts";
import type { DeliveryTransport } from "./tables.ts";

export interface EmailTransport {
  readonly name: DeliveryTransport;
  readonly defaultMailbox: string;
  /**
   * Delivers or throws (nodemailer's errors carry responseCode / code; a provider's, a
   * TransportFailure). Returns the Message-ID (email.messageId). `attempts` > 1: the ledger took
   * this key again after a failure; a transport that can look a message up in the mailbox (an API's)
   * does so before sending again.
   */
  deliver(email: PreparedEmail, now: Date, attempts?: number): Promise<string>;
  /** Optional: several at once (the dev transport records them in one statement). */
  deliverMany?(emails: PreparedEmail[], now: Date): Promise<string[]>;
}

/**
 * The transport of a person's connected mailbox, by its provider (issue 67: the Gmail API, Graph,
 * the mailbox's own SMTP server); undefined when this deployment cannot send through it.
 */
export type MailboxTransports = (provider: MailboxProvider) => EmailTransport | undefined;
