// Kysely row types for the tables of migration 0120 (src/db/database.ts merges them).
import type { ColumnType, Generated } from "kysely";

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
// int8 columns are written as text; READ them through String()/Number(): src/db/connect.ts makes
// node-postgres return int8 as a number (UIDs and UIDVALIDITY are 32-bit, so exact either way).
type Big = string;
type BigNull = string | null;

export type InboxStatus = "pending" | "connected" | "error" | "paused";
export type InboxAuthKind = "password" | "xoauth2";
export type InboxMessageKind = "reply" | "auto_reply" | "hard_bounce" | "soft_bounce" | "unmatched";
export type MatchedBy = "in_reply_to" | "references" | "original_message_id" | "sender" | "recipient";

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

export interface AddressBounceCountsTable {
  client_id: string;
  address: string;
  soft_in_row: Generated<number>;
  last_status: string | null;
  last_bounce_at: TsNull;
}

export interface InboxTables {
  mailbox_inboxes: MailboxInboxesTable;
  inbox_messages: InboxMessagesTable;
  address_bounce_counts: AddressBounceCountsTable;
}
