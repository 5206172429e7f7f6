// Kysely row types for the tables this module's own migrations add (see src/db/database.ts).
import type { Generated } from "kysely";

/** 0030: per-tenant cap policy (spec 001 gate 3, spec 002 daily cap). */
export interface CoordinatorConfigTable {
  client_id: string;
  weekly_touch_cap: Generated<number>;
  daily_touch_cap: Generated<number>;
  conflict_queue_hours: Generated<number>;
  updated_at: Generated<Date>;
  updated_by_principal_id: string | null;
}

export interface CoordinatorTables {
  coordinator_config: CoordinatorConfigTable;
}

// its tables in the one DB type (src/db/database.ts imports no domain: each adds its own)
declare module "../db/database.ts" {
  interface DB extends CoordinatorTables {}
}
