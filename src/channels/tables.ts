// Kysely row types for the tables this module's own migrations add (0070, see src/db/database.ts).
import type { ColumnType, Generated } from "kysely";

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;

export type DeliveryStatus = "claimed" | "sending" | "sent" | "failed";

export const DELIVERY_TRANSPORTS = ["smtp", "dev", "gmail", "graph", "smtp_own"] as const;
export type DeliveryTransport = (typeof DELIVERY_TRANSPORTS)[number];
/** Why a mailbox sent a message (0500 channel_deliveries.sent_as). */
export const SENT_AS = ["owner", "pool", "exec_personal", "thread", "default"] as const;
export type SentAs = (typeof SENT_AS)[number];

export interface ChannelDeliveriesTable {
  idempotency_key: string;
  client_id: string;
  channel: Generated<"email">;
  /** the transport of the sending mailbox (issue 67: one per mailbox, send-transports.ts) */
  transport: DeliveryTransport;
  mailbox: string;
  to_address: string;
  subject: string;
  status: Generated<DeliveryStatus>;
  message_id: string | null;
  error: string | null;
  transient: boolean | null;
  attempts: Generated<number>;
  /** commercial mail's contact (0330): the caps count the row until the send item is 'sent' */
  contact_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** why this mailbox sent it (the one sender rule, issue 67 item 2); null before 0500 */
  sent_as: ColumnType<SentAs | null, SentAs | null | undefined, SentAs | null>;
  /** the provider's own id of the message (Gmail's id, Graph's id once looked up) */
  provider_message_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Ts;
  updated_at: Ts;
}

export interface MailboxLimitsTable {
  client_id: string;
  mailbox: string;
  daily_limit: number;
  /** warm-up ramp (0125): all three set or none */
  ramp_start: ColumnType<number | null, number | null | undefined, number | null>;
  ramp_step: ColumnType<number | null, number | null | undefined, number | null>;
  ramp_start_day: ColumnType<Date | string | null, string | null | undefined, string | null>;
  updated_at: Ts;
}

/** A campaign's pool of sending mailboxes (0125), rotated. */
export interface CampaignMailboxesTable {
  client_id: string;
  campaign_id: string;
  mailbox: string;
  created_at: Ts;
}

/** DKIM keys per tenant and sending domain (0125); the private key is stored encrypted. */
export interface DkimKeysTable {
  client_id: string;
  domain: string;
  selector: string;
  private_key_enc: string;
  public_key_b64: string;
  created_at: Ts;
}

export interface MailboxSendCountsTable {
  client_id: string;
  mailbox: string;
  day: ColumnType<Date | string, string, string>;
  sent: Generated<number>;
}

export interface DevEmailOutboxTable {
  id: Generated<number>;
  client_id: string;
  idempotency_key: string;
  message_id: string;
  mailbox: string;
  to_address: string;
  subject: string;
  body: string;
  headers: ColumnType<Record<string, string>, string, string>;
  recorded_at: Ts;
}

export interface ChannelsTables {
  channel_deliveries: ChannelDeliveriesTable;
  mailbox_limits: MailboxLimitsTable;
  mailbox_send_counts: MailboxSendCountsTable;
  dev_email_outbox: DevEmailOutboxTable;
  campaign_mailboxes: CampaignMailboxesTable;
  dkim_keys: DkimKeysTable;
  sender_identities: SenderIdentitiesTable;
}

/** The company and postal address of commercial email's footer (0296, issue 41 item 4). */
export interface SenderIdentitiesTable {
  client_id: string;
  company_name: string;
  postal_address: string;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  updated_by_principal_id: string | null;
}

// its tables in the one DB type (src/db/database.ts imports no domain: each adds its own)
declare module "../db/database.ts" {
  interface DB extends ChannelsTables {}
}
