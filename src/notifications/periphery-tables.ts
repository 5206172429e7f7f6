// Kysely row types for migration 0040 (coordinator periphery): webhooks, the notifications
// outbox and its deliveries, proactive flags, and play-execution requests.
import type { ColumnType, Generated } from "kysely";

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = any> = ColumnType<T, string | T | undefined, string | T>;
type IdCol = ColumnType<number, never, never>;

export interface NotificationWebhooksTable {
  webhook_id: Generated<string>;
  client_id: string;
  url: string;
  secret: string;
  event_types: ColumnType<string[], string[] | undefined, string[]>;
  enabled: Generated<boolean>;
  description: Generated<string>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type RecipientKind = "principal" | "role" | "agent";

export interface NotificationOutboxTable {
  notification_id: IdCol;
  client_id: string;
  kind: string;
  recipient_kind: RecipientKind;
  recipient: string;
  payload: Json<Record<string, unknown>>;
  created_at: Ts;
}

export type DeliveryStatus = "pending" | "delivered" | "failed";

export interface NotificationDeliveriesTable {
  delivery_id: Generated<string>;
  client_id: string;
  notification_id: number;
  webhook_id: string;
  status: Generated<DeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: Ts;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: TsNull;
  created_at: Ts;
}

export type FlagType = "cap_warning" | "concurrency" | "stall" | "backlog_risk";
export type FlagStatus = "open" | "resolved";

export interface CoordinatorFlagsTable {
  flag_id: Generated<string>;
  client_id: string;
  flag_type: FlagType;
  dedup_key: string;
  status: Generated<FlagStatus>;
  contact_id: string | null;
  enrollment_id: string | null;
  principal_id: string | null;
  details: Json<Record<string, unknown>>;
  raised_at: Ts;
  escalated_at: TsNull;
  resolved_at: TsNull;
  resolved_by: string | null;
  resolution: string | null;
}

export interface PlayExecutionRequestsTable {
  client_id: string;
  play_id: string;
  contact_id: string;
  requested_at: Ts;
  action: "allow" | "hold" | "queue" | "block";
  event_id: number | null;
  enrollment_id: string | null;
}

export interface CoordinatorPeripheryTables {
  notification_webhooks: NotificationWebhooksTable;
  notification_outbox: NotificationOutboxTable;
  notification_deliveries: NotificationDeliveriesTable;
  coordinator_flags: CoordinatorFlagsTable;
  play_execution_requests: PlayExecutionRequestsTable;
}

// its tables in the one DB type (src/db/database.ts imports no domain: each adds its own)
declare module "../db/database.ts" {
  interface DB extends CoordinatorPeripheryTables {}
}
