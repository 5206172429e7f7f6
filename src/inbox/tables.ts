// Kysely row types for the tables of migration 0120 (src/db/database.ts merges them).
import type { ColumnType, Generated } from "kysely";

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
// int8 columns are written as text; READ them through String()/Number(): src/db/connect.ts makes
// node-postgres return int8 as a number (UIDs and UIDVALIDITY are 32-bit, so exact either way).
type Big = string;
type BigNull = string | null;

export type InboxStatus = "pending" | "connected" | "error" | "paused";
/** gmail_api / graph: a mailbox a person connected (issue 67), read through the provider's own feed */
export type InboxAuthKind = "password" | "xoauth2" | "gmail_api" | "graph";
export const INBOX_MESSAGE_KINDS = [
  "reply",
  "auto_reply",
  "hard_bounce",
  "soft_bounce",
  /** a bounce whose fault was the sender's (policy, reputation): the address is kept, the mailbox flagged */
  "sender_fault_bounce",
  "complaint",
  /** mail that asks for an effect Baton cannot trust: waits in inbound_reviews for a person */
  "untrusted",
  "unmatched",
] as const;
export type InboxMessageKind = (typeof INBOX_MESSAGE_KINDS)[number];
export type MatchedBy =
  | "in_reply_to"
  | "references"
  | "original_message_id"
  | "verp"
  | "sender"
  | "recipient";

export interface MailboxInboxesTable {
  client_id: string;
  id: Generated<string>;
  mailbox: string;
  host: string;
  port: number;
  tls: Generated<boolean>;
  username: string;
  auth_kind: InboxAuthKind;
  secret_enc: string | null;
  secret_env: string | null;
  oauth_provider: string | null;
  folder: Generated<string>;
  status: Generated<InboxStatus>;
  idle_supported: boolean | null;
  last_sync_at: TsNull;
  last_connected_at: TsNull;
  uidvalidity: BigNull;
  last_uid: Generated<Big>;
  last_error: string | null;
  last_error_at: TsNull;
  processed_count: Generated<Big>;
  unmatched_count: Generated<Big>;
  /** RFC 8601 authserv-ids whose Authentication-Results this mailbox believes (0190) */
  trusted_authserv_ids: ColumnType<string[], string[] | undefined, string[]>;
  claimed_by: string | null;
  claimed_until: TsNull;
  created_at: Generated<Date>;
  updated_at: Ts;
}

export interface InboxMessagesTable {
  client_id: string;
  mailbox_id: string;
  uidvalidity: Big;
  uid: Big;
  message_id: string | null;
  kind: InboxMessageKind;
  matched_by: MatchedBy | null;
  contact_id: string | null;
  delivery_message_id: string | null;
  address: string | null;
  status_code: string | null;
  outcome: ColumnType<unknown, string, string>;
  processed_at: Ts;
}

/** The provider's id of each message a connected mailbox's feed named, and its UID (0520). */
export interface ProviderInboxMessagesTable {
  client_id: string;
  mailbox_id: string;
  provider_message_id: string;
  uid: Big;
  first_seen_at: Ts;
}

export interface AddressBounceCountsTable {
  client_id: string;
  address: string;
  soft_in_row: Generated<number>;
  last_status: string | null;
  last_bounce_at: TsNull;
}

export const REVIEW_STATUSES = ["pending", "applied", "dismissed"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** Untrusted inbound mail waiting for a person (0190). */
export interface InboundReviewsTable {
  client_id: string;
  id: Generated<string>;
  mailbox_id: string;
  uidvalidity: Big;
  uid: Big;
  message_id: string;
  contact_id: string | null;
  enrollment_id: string | null;
  from_address: string | null;
  subject: Generated<string>;
  excerpt: Generated<string>;
  body: Generated<string>;
  received_at: Ts;
  classification: ColumnType<unknown, string, string>;
  stop_request: Generated<boolean>;
  why_untrusted: string;
  trust: ColumnType<unknown, string, string>;
  paused: ColumnType<unknown, string | undefined, string>;
  status: Generated<ReviewStatus>;
  decided_by: string | null;
  decided_at: TsNull;
  outcome: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: Generated<Date>;
}

export type DeliverabilityStatus = "ok" | "flagged" | "paused";

/** A sending mailbox's deliverability: sender-fault flags, complaint rate, self-pause (0190). */
export interface MailboxDeliverabilityTable {
  client_id: string;
  mailbox: string;
  status: Generated<DeliverabilityStatus>;
  reason: string | null;
  flagged_at: TsNull;
  sender_fault_count: Generated<number>;
  complaints: Generated<number>;
  sends_counted: Generated<number>;
  complaint_rate: Generated<number>;
  paused_at: TsNull;
  updated_at: Ts;
}

export interface InboxTables {
  inbound_reviews: InboundReviewsTable;
  mailbox_deliverability: MailboxDeliverabilityTable;
  mailbox_inboxes: MailboxInboxesTable;
  inbox_messages: InboxMessagesTable;
  provider_inbox_messages: ProviderInboxMessagesTable;
  address_bounce_counts: AddressBounceCountsTable;
}

// its tables in the one DB type (src/db/database.ts imports no domain: each adds its own)
declare module "../db/database.ts" {
  interface DB extends InboxTables {}
}
