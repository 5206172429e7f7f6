// Kysely row type for migration 0600 (the Signals view's dismissals and follow-up tasks).
import type { ColumnType, Generated } from "kysely";
import type { SignalSubject } from "./tables.ts";

type Ts = ColumnType<Date, Date | string, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export const SIGNAL_ACTION_KINDS = ["dismiss", "task"] as const;
export type SignalActionKind = (typeof SIGNAL_ACTION_KINDS)[number];

export interface SignalActionsTable {
  client_id: string;
  action_id: Generated<string>;
  kind: SignalActionKind;
  subject: SignalSubject;
  contact_id: string | null;
  account_id: string | null;
  note: string | null;
  due_at: TsNull;
  acted_at: Ts;
  acted_by_principal_id: string;
  done_at: TsNull;
}

declare module "../db/database.ts" {
  interface DB {
    signal_actions: SignalActionsTable;
  }
}
