// Kysely row types for the tables of migration 0230 (provider webhooks; src/db/database.ts merges them).
import type { ColumnType, Generated } from "kysely";

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string | undefined, string>;

export const WEBHOOK_PROVIDERS = ["ses", "sendgrid", "mailgun", "postmark"] as const;
export type WebhookProvider = (typeof WEBHOOK_PROVIDERS)[number];

export const WEBHOOK_EVENT_KINDS = ["bounce", "complaint", "subscription"] as const;
export type WebhookEventKind = (typeof WEBHOOK_EVENT_KINDS)[number];

/** applied: matched a send and acted; unmatched: proved no send, changed nothing; ignored: nothing to do */
export const WEBHOOK_OUTCOMES = ["applied", "unmatched", "ignored"] as const;
export type WebhookOutcome = (typeof WEBHOOK_OUTCOMES)[number];

export interface WebhookSettings {
  /** ses: the SNS topics whose messages are accepted */
  topic_arns?: string[];
  /** sendgrid: the Event Webhook's verification key (base64 DER SubjectPublicKeyInfo, ECDSA P-256) */
  verification_key?: string;
  /** postmark: the Basic user on the webhook URL */
  basic_user?: string;
  /** sendgrid, mailgun: how old a signed timestamp may be (seconds) */
  max_age_s?: number;
  /** the names of the sealed secrets (secret_enc), for listing */
  secret_names?: string[];
}

export interface WebhookSecrets {
  /** mailgun: the HTTP webhook signing key */
  signing_key?: string;
  /** postmark: the Basic password on the webhook URL */
  basic_password?: string;
  /** postmark: the secret last segment of the webhook URL */
  path_token?: string;
}

export interface MailWebhooksTable {
  client_id: string;
  id: Generated<string>;
  provider: WebhookProvider;
  settings: Json<WebhookSettings>;
  secret_enc: string | null;
  subscribed_at: TsNull;
  last_event_at: TsNull;
  events_count: Generated<string>;
  created_by_principal_id: string | null;
  created_at: Generated<Date>;
  updated_at: Ts;
}

export interface MailWebhookEventsTable {
  client_id: string;
  webhook_id: string;
  provider: WebhookProvider;
  provider_event_id: string;
  kind: WebhookEventKind;
  outcome: WebhookOutcome;
  why: string;
  recipient: string | null;
  status: string | null;
  reason: string | null;
  hard: boolean | null;
  sender_fault: boolean | null;
  feedback_type: string | null;
  diagnostic: string | null;
  original_message_id: string | null;
  provider_message_id: string | null;
  contact_id: string | null;
  occurred_at: TsNull;
  details: Json<Record<string, unknown>>;
  received_at: Ts;
}

export interface MailWebhookTokensTable {
  client_id: string;
  webhook_id: string;
  token: string;
  seen_at: Ts;
}

export interface WebhookTables {
  mail_webhooks: MailWebhooksTable;
  mail_webhook_events: MailWebhookEventsTable;
  mail_webhook_tokens: MailWebhookTokensTable;
}

// its tables in the one DB type (src/db/database.ts imports no domain: each adds its own)
declare module "../db/database.ts" {
  interface DB extends WebhookTables {}
}
