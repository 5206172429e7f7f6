// Kysely row types for the tables this module's own migration adds (0130, see src/db/database.ts).
// The contact columns 0130 adds (email_key, email_domain, legal_basis, legal_basis_source,
// erased_at) are read and written with sql`` here, so the shared ContactsTable stays untouched.
import type { ColumnType, Generated } from "kysely";

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string | undefined, string>;

export const SUPPRESSION_KINDS = ["email", "domain", "email_hash"] as const;
export type SuppressionKind = (typeof SUPPRESSION_KINDS)[number];
export const SUPPRESSION_SOURCES = [
  "manual",
  "import",
  "bounce",
  "erasure",
  "unsubscribe",
  "complaint",
  "api",
] as const;
export type SuppressionSource = (typeof SUPPRESSION_SOURCES)[number];

export const LEGAL_BASES = ["legitimate_interest", "consent", "customer", "unknown"] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

export interface SuppressionsTable {
  id: Generated<string>;
  client_id: string;
  kind: SuppressionKind;
  value: string;
  reason: string;
  source: SuppressionSource;
  created_by_principal_id: string | null;
  created_at: Ts;
}

export interface ErasureLogTable {
  id: Generated<string>;
  client_id: string;
  contact_id: string;
  request_reference: string;
  requested_by_principal_id: string | null;
  requested_by_agent_id: string | null;
  erased_at: Ts;
  removed: Json<Record<string, number>>;
  crm_erasure_queued: Generated<boolean>;
}

export interface ImportJobsTable {
  id: Generated<string>;
  client_id: string;
  kind: "contacts" | "accounts";
  dry_run: boolean;
  on_duplicate: "update" | "skip";
  status: Generated<"running" | "done" | "failed">;
  total_rows: Generated<number>;
  processed_rows: Generated<number>;
  counts: Json<Record<string, number>>;
  report: Json<unknown[]>;
  error: string | null;
  created_by_principal_id: string | null;
  created_at: Ts;
  finished_at: TsNull;
  /** last sign of life of the process running it (0160); a sweep fails stale running jobs */
  heartbeat_at: Generated<Date>;
}

/** An import's per-row report (0225): where each row is and what happened, never its data. */
export interface ImportJobRowsTable {
  client_id: string;
  job_id: string;
  row_no: number;
  line_no: number;
  action: "created" | "updated" | "skipped" | "refused";
  reason: string | null;
  byte_offset: string | null;
  target_id: string | null;
}

/** 0680: a data-protection request made in a reply (issue 72), open until a person closes it. */
export interface DataRequestsTable {
  client_id: string;
  id: Generated<string>;
  contact_id: string;
  kind: "erasure" | "access";
  status: Generated<"open" | "erased" | "answered" | "refused">;
  reply_id: string | null;
  received_at: Ts;
  due_at: Ts;
  created_at: Ts;
  closed_at: TsNull;
  closed_by_principal_id: string | null;
}

export interface ProspectsTables {
  data_requests: DataRequestsTable;
  suppressions: SuppressionsTable;
  erasure_log: ErasureLogTable;
  import_jobs: ImportJobsTable;
  import_job_rows: ImportJobRowsTable;
}

// its tables in the one DB type (src/db/database.ts imports no domain: each adds its own)
declare module "../db/database.ts" {
  interface DB extends ProspectsTables {}
}
