// Kysely row types for the tables this module's own migrations add (see src/db/database.ts).
import type { ColumnType } from "kysely";
import type { PlaysTable } from "../db/core-tables.ts";

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;

/** 0011: cold plays moved out of `plays` (spec 000 retention); append-only. */
export interface PlaysArchiveTable extends PlaysTable {
  archived_at: Ts;
}

/** 0011: the audit read over live and archived plays (archived_at is null for live rows). */
export interface PlaysAuditView extends PlaysTable {
  archived_at: ColumnType<Date | null, never, never>;
}

export interface PlaysTables {
  plays_archive: PlaysArchiveTable;
  plays_audit: PlaysAuditView;
}

// its tables in the one DB type (src/db/database.ts imports no domain: each adds its own)
declare module "../db/database.ts" {
  interface DB extends PlaysTables {}
}
