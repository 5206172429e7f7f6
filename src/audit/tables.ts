// Kysely row types for the audit log (migration 0110).
import type { ColumnType, Generated } from "kysely";

export interface AuditLogTable {
  client_id: string;
  audit_id: Generated<number>;
  at: Generated<Date>;
  actor_principal_id: string | null;
  actor_label: string;
  action: string;
  target: string | null;
  details: ColumnType<Record<string, unknown>, string | Record<string, unknown> | undefined, never>;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditTables {
  audit_log: AuditLogTable;
}

// its tables in the one DB type (src/db/database.ts imports no domain: each adds its own)
declare module "../db/database.ts" {
  interface DB extends AuditTables {}
}
