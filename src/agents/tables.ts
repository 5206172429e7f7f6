// Row types of the agents module's tables (db/migrations/0080_idempotency_keys.sql,
// 0220_rate_limit_buckets.sql, 0700_agent_approval_requests.sql, 0750_positive_exit_approvals.sql,
// 0760_reply_automation_classes.sql).
import type { ColumnType } from "kysely";

export interface IdempotencyKeysTable {
  client_id: string;
  principal_id: string;
  idem_key: string;
  request_hash: string;
  method: string;
  path: string;
  state: ColumnType<"in_progress" | "completed", "in_progress" | "completed" | undefined>;
  response_status: number | null;
  response_body: string | null;
  response_type: string | null;
  created_at: ColumnType<Date, Date, Date>;
  updated_at: ColumnType<Date, Date, Date>;
  expires_at: ColumnType<Date, Date, Date>;
}

export interface RateLimitBucketsTable {
  client_id: string;
  principal_id: string;
  tokens: number;
  at: ColumnType<Date, Date, Date>;
  granted: boolean;
}

export interface AgentApprovalRequestsTable {
  client_id: string;
  request_id: ColumnType<string, string | undefined, never>;
  kind: "play_approval" | "positive_exit" | "automation_change";
  agent_principal_id: string;
  agent_token_id: string;
  tool: string;
  play_id: string | null;
  reply_id: string | null;
  exit_reason: string | null;
  expected_enrollment: ColumnType<unknown, string | undefined, never>;
  /** 0760: {intent, language, action: close | reopen} of an automation_change */
  automation_change: ColumnType<unknown, string | undefined, never>;
  status: ColumnType<
    "pending" | "running" | "done" | "failed" | "declined" | "expired",
    "pending" | undefined,
    "running" | "done" | "failed" | "declined" | "expired"
  >;
  created_at: ColumnType<Date, Date, never>;
  expires_at: ColumnType<Date, Date, never>;
  decided_by: string | null;
  decided_at: Date | null;
  outcome: ColumnType<unknown, never, string>;
}

export interface AgentsTables {
  idempotency_keys: IdempotencyKeysTable;
  rate_limit_buckets: RateLimitBucketsTable;
  agent_approval_requests: AgentApprovalRequestsTable;
}

// its tables in the one DB type (src/db/database.ts imports no domain: each adds its own)
declare module "../db/database.ts" {
  interface DB extends AgentsTables {}
}
