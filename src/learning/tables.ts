// Kysely row types for the learning module's tables (db/migrations/0140_learning.sql).
import type { ColumnType, Generated } from "kysely";

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;

export interface LearningVariantWinnersTable {
  client_id: string;
  campaign_id: string;
  step_number: number;
  variant: string;
  promoted_by: string | null;
  promoted_at: Ts;
}

export interface LearningFunnelRollupTable {
  client_id: string;
  campaign_id: string;
  step_number: number;
  variant: string;
  week: ColumnType<Date, string, string>;
  metric: string;
  /** per-connection shard (0141): concurrent writers do not queue on one row; readers sum them */
  shard: Generated<number>;
  n: ColumnType<string, number, number>;
}

export type RetrospectiveStatus = "draft" | "confirmed" | "amended";

export interface LearningRetrospectivesTable {
  retrospective_id: Generated<string>;
  client_id: string;
  play_id: string;
  window_start: Ts;
  window_end: Ts;
  measured: Json<Record<string, unknown>>;
  outcomes: Json<Record<string, unknown>>;
  draft_text: string;
  status: Generated<RetrospectiveStatus>;
  decided_by: string | null;
  decided_at: TsNull;
  created_at: Generated<Date>;
}

export interface LearningRetrospectiveRevisionsTable {
  revision_id: Generated<number>;
  client_id: string;
  retrospective_id: string;
  action: "drafted" | "confirmed" | "amended";
  outcomes: Json<Record<string, unknown>>;
  notes: string | null;
  actor_principal_id: string | null;
  created_at: Generated<Date>;
}

export interface LearningDemoHistoryTable {
  client_id: string;
  simulated_days: number;
  started_at: Ts;
  /** simulated days committed so far (issue 37 item 8: resumed from here after a restart) */
  days_done: Generated<number>;
  /** null while the history is being built */
  completed_at: TsNull;
}

export interface LearningTables {
  learning_variant_winners: LearningVariantWinnersTable;
  learning_funnel_rollup: LearningFunnelRollupTable;
  learning_retrospectives: LearningRetrospectivesTable;
  learning_retrospective_revisions: LearningRetrospectiveRevisionsTable;
  learning_demo_history: LearningDemoHistoryTable;
}

// The learning tables join the one DB type by interface merging, so this module adds them without
// editing src/db/database.ts.
declare module "../db/database.ts" {
  interface DB extends LearningTables {}
}
