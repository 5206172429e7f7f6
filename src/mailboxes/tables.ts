// Row types of the mailboxes people own (db/migrations/0500_mailbox_connections.sql, issue 67).
import type { ColumnType, Generated } from "kysely";

export const MAILBOX_PROVIDERS = ["google", "microsoft", "imap_smtp"] as const;
export type MailboxProvider = (typeof MAILBOX_PROVIDERS)[number];
/** The providers a person connects by OAuth consent. */
export const OAUTH_MAILBOX_PROVIDERS = ["google", "microsoft"] as const;
export type OAuthMailboxProvider = (typeof OAUTH_MAILBOX_PROVIDERS)[number];

export const MAILBOX_STATUSES = ["connected", "needs_consent", "paused", "disconnected"] as const;
export type MailboxStatus = (typeof MAILBOX_STATUSES)[number];

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;

export interface MailboxConnectionsTable {
  client_id: string;
  /** lower case */
  mailbox: string;
  owner_id: string;
  provider: MailboxProvider;
  can_send: Generated<boolean>;
  can_read: Generated<boolean>;
  status: Generated<MailboxStatus>;
  status_reason: string | null;
  status_since: Ts;
  paused_until: Date | null;
  provider_account: string | null;
  scopes: Generated<string[]>;
  access_token_sealed: string | null;
  refresh_token_sealed: string | null;
  access_expires_at: Date | null;
  smtp_host: string | null;
  smtp_port: number | null;
  smtp_secure: boolean | null;
  smtp_username: string | null;
  secret_sealed: string | null;
  read_cursor: string | null;
  last_read_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
  connected_at: Ts;
  updated_at: Ts;
}

export interface MailboxOAuthGrantsTable {
  client_id: string;
  grant_id: Generated<string>;
  provider: OAuthMailboxProvider;
  mailbox: string;
  state_hash: string;
  started_by: string;
  session_id: string | null;
  code_verifier_sealed: string;
  created_at: Date;
  expires_at: Date;
}

export interface MailboxesTables {
  mailbox_connections: MailboxConnectionsTable;
  mailbox_oauth_grants: MailboxOAuthGrantsTable;
}

// its tables in the one DB type (src/db/database.ts imports no domain: each adds its own)
declare module "../db/database.ts" {
  interface DB extends MailboxesTables {}
}
