// Outbound channels, the port (issue 59 item 2; kysely's Dialect is the model): a Channel is one
// kind of CHANNEL_KINDS (channel-kinds.ts: whether it sends or becomes a person's task, how its
// touch is counted, its limits, subject and content types) with its name; the engine, the
// coordinator, the inbox and the workspace ask it instead of comparing names. A sending kind's
// transport is below: email goes over SMTP (nodemailer). LinkedIn has no sending API, so a
// LinkedIn step becomes a task for the rep and marking it done records the touch.
import { CHANNEL_KINDS, type ChannelKind, type ChannelName, isChannelName } from "./channel-kinds.ts";
import type { SentAs } from "./tables.ts";

/** The contact's addresses a channel may read (channel-kinds.ts `address.column`). */
export type ContactAddresses = { readonly [K in ChannelKind["address"]["column"]]?: string | null };

export interface Channel extends ChannelKind {
  readonly name: ChannelName;
  /** The contact's address on this channel (a send item's to_id); null: the item fails, `address.missing`. */
  addressOf(contact: ContactAddresses): string | null;
}

const channels = new Map<string, Channel>(
  Object.entries(CHANNEL_KINDS).map(([name, kind]) => [
    name,
    { ...kind, name: name as ChannelName, addressOf: (c) => c[kind.address.column] ?? null },
  ]),
);

/** The channel of a name; an unknown name (a row the type system did not see) is an error. */
export function channelOf(name: string): Channel {
  const c = isChannelName(name) ? channels.get(name) : undefined;
  if (!c) throw new Error(`unknown channel '${name}'`);
  return c;
}

export interface OutboundEmail {
  clientId: string;
  to: string;
  subject: string;
  text: string;
  /** e.g. List-Unsubscribe and List-Unsubscribe-Post for non-transactional mail (RFC 8058). */
  headers: Record<string, string>;
  /** One per enrollment step: the channel refuses to send the same key twice (at most once). */
  idempotencyKey: string;
  /** Which mailbox sends it (per-mailbox daily limits). */
  mailbox?: string;
  /**
   * Extension (adapters, compatible): the Baton contact it goes to. When set and the headers have
   * no List-Unsubscribe, the channel adds the signed one-click headers itself.
   */
  contactId?: string;
  /**
   * Extension (adapters, compatible): transactional mail (receipts, password resets) is the only
   * mail sent without List-Unsubscribe; anything else without it is refused, never sent.
   */
  transactional?: boolean;
  /**
   * issue 12: rotate among these mailboxes (a campaign's pool): the least used today that still
   * has room sends it. Ignored when `mailbox` is set. A pool of one is that mailbox, counted.
   */
  mailboxPool?: string[];
  /** issue 67 item 2: why this mailbox (or pool) sends it: the one sender rule's answer, recorded on the send */
  sentAs?: SentAs;
  /** issue 12: a follow-up in a thread: the Message-ID it answers, and all earlier ones. */
  inReplyTo?: string;
  references?: string[];
}

export type SendResult =
  | { status: "sent"; messageId: string }
  /** the key was seen before: not sent again */
  | { status: "duplicate"; previous: string }
  /** the mailbox reached its daily limit: try again after `retryAt` */
  | { status: "deferred"; retryAt: Date; error: string }
  | { status: "failed"; transient: boolean; error: string };

export interface SendManyOptions {
  /**
   * The caller guarantees that no other live sender holds these keys (the engine sends an item only
   * under its row lock, after the previous holder's claim ended). Keys a dead sender left
   * 'claimed' (never handed to the transport) are then taken over instead of being answered as
   * duplicates.
   */
  exclusive?: boolean;
}

export interface EmailChannel {
  /** Never call inside a transaction: the ledger row commits on its own before SMTP starts. */
  send(message: OutboundEmail, now: Date): Promise<SendResult>;
  /**
   * A batch: results in input order, each what send() would answer (same ledger, never inside a
   * transaction); a key twice in one batch is sent once. Optional: callers fall back to send().
   */
  sendMany?(messages: OutboundEmail[], now: Date, opts?: SendManyOptions): Promise<SendResult[]>;
}
