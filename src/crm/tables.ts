// Kysely row types for the tables this module's own migrations add (0075, 0297, 0355, see src/db/database.ts).

import type { ColumnType, Generated } from "kysely";
import type { ChannelName } from "../channels/contract.ts";
import type { DealStage } from "./crm-adapter.ts";

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface CrmContactsTable {
  crm_contact_id: Generated<string>;
  client_id: string;
  contact_id: string;
  full_name: string;
  email: string | null;
  company: string | null;
  created_at: Ts;
  updated_at: Ts;
}

export interface CrmDealsTable {
  deal_id: Generated<string>;
  client_id: string;
  crm_contact_id: string;
  name: string;
  stage: DealStage;
  closed_at: TsNull;
  created_at: Ts;
  updated_at: Ts;
}

export interface CrmActivitiesTable {
  activity_id: Generated<number>;
  client_id: string;
  crm_contact_id: string;
  channel: ChannelName;
  content_type: string;
  occurred_at: Ts;
  note: string;
  created_at: Generated<Date>;
}

export interface CrmLinksTable {
  client_id: string;
  adapter: string;
  kind: "contact" | "deal" | "company";
  baton_id: string;
  external_id: string;
  created_at: Generated<Date>;
}

export type OutboxStatus = "pending" | "done" | "dead";

export interface CrmOutboxTable {
  id: Generated<number>;
  client_id: string;
  contact_id: string;
  op: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  next_attempt_at: Ts;
  locked_by: string | null;
  locked_until: TsNull;
  last_error: string | null;
  created_at: Ts;
  done_at: TsNull;
}

export type CrmProviderName = "hubspot" | "salesforce";

/** 0297: a tenant's OAuth2 tokens for one CRM, sealed (src/crm/crm-oauth.ts). */
export interface CrmOauthTokensTable {
  client_id: string;
  provider: CrmProviderName;
  access_token_sealed: string;
  refresh_token_sealed: string;
  expires_at: Ts;
  instance_url: string | null;
  account_ref: string | null;
  /** 0720: the CRM user the tokens act as (Salesforce: the identity URL's user id) */
  user_ref: string | null;
  updated_at: Ts;
}

/** 0355: a CRM's OAuth2 grant in flight, or parked until an account change is confirmed (crm-oauth-state.ts). */
export interface CrmOauthGrantsTable {
  client_id: string;
  grant_id: Generated<string>;
  provider: CrmProviderName;
  state_hash: string | null;
  started_by: string;
  session_id: string | null;
  code_verifier_sealed: string | null;
  created_at: Ts;
  expires_at: Ts;
  pending_account: string | null;
  previous_account: string | null;
  tokens_sealed: string | null;
}

/** 0297: where the poll of a tenant's CRM changes stopped (src/crm/poll-crm-changes.ts). */
export interface CrmSyncCursorsTable {
  client_id: string;
  provider: CrmProviderName;
  cursor: string | null;
  polled_at: Ts;
}

/** 0730: a workspace's Attio webhook (attio-webhook.ts); the secret sealed, never returned. */
export interface AttioWebhooksTable {
  client_id: string;
  id: Generated<string>;
  attio_webhook_id: string;
  attio_workspace_id: string;
  people_object_id: string | null;
  secret_sealed: string;
  created_by: string | null;
  created_at: Ts;
  last_event_at: TsNull;
  events_count: Generated<string>;
}

/** 0730: the deliveries an Attio webhook received (Idempotency-Key, body hash), four days. */
export interface AttioWebhookDeliveriesTable {
  client_id: string;
  webhook_id: string;
  idempotency_key: string;
  body_sha256: string;
  received_at: Ts;
}

export interface CrmTables {
  attio_webhooks: AttioWebhooksTable;
  attio_webhook_deliveries: AttioWebhookDeliveriesTable;
  crm_contacts: CrmContactsTable;
  crm_deals: CrmDealsTable;
  crm_activities: CrmActivitiesTable;
  crm_links: CrmLinksTable;
  crm_outbox: CrmOutboxTable;
  crm_oauth_tokens: CrmOauthTokensTable;
  crm_oauth_grants: CrmOauthGrantsTable;
  crm_sync_cursors: CrmSyncCursorsTable;
}

// its tables in the one DB type (src/db/database.ts imports no domain: each adds its own)
declare module "../db/database.ts" {
  interface DB extends CrmTables {}
}
