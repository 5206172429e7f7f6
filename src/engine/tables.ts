// Kysely row types for the engine's own tables (db/migrations/0060_engine.sql).

import type { ColumnType, Generated } from "kysely";
import type { ChannelName, ChannelTaskKind, TaskOutcome } from "../channels/contract.ts";
import type { DraftInput } from "../drafting/index.ts";
import type { RepTaskSkipReason } from "./rep-task-skip.ts";

type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string | T, string | T>;

export type DrafterName = "template" | "agent" | "llm";

export interface EngineCampaignDraftersTable {
  client_id: string;
  campaign_id: string;
  drafter: DrafterName;
  updated_at: Generated<Date>;
}

export interface EngineDraftingTasksTable {
  id: Generated<string>;
  client_id: string;
  send_item_id: string;
  enrollment_id: string;
  input: Json<DraftInput>;
  status: Generated<"open" | "submitted" | "cancelled">;
  leased_by_agent_id: string | null;
  lease_expires_at: TsNull;
  staged_draft_id: string | null;
  created_at: Generated<Date>;
  submitted_at: TsNull;
}

/**
 * A task channel's task (CHANNEL_KINDS taskKind), the exec's personal send of a close step, or a
 * follow-up a person made from the Signals view (0640: no send item, enrollment, channel or address).
 */
export type RepTaskKind = ChannelTaskKind | "personal_send" | "signal_follow_up";
export const SIGNAL_FOLLOW_UP = "signal_follow_up" as const;
export type RepTaskStatus = "open" | "done" | "cancelled" | "skipped";

export interface EngineRepTasksTable {
  id: Generated<string>;
  client_id: string;
  kind: RepTaskKind;
  assignee_role: "rep" | "exec";
  assignee_principal_id: string | null;
  /** null only for a signal follow-up (0640), as enrollment_id, channel and to_id */
  send_item_id: string | null;
  enrollment_id: string | null;
  contact_id: string;
  channel: ChannelName | null;
  to_id: string | null;
  subject: string | null;
  body: string;
  status: Generated<RepTaskStatus>;
  created_at: Generated<Date>;
  /** when the task is due: its step's time, a hold's release, or the time it was snoozed to (0390) */
  due_at: Generated<Date>;
  done_at: TsNull;
  done_by_principal_id: string | null;
  skip_reason: RepTaskSkipReason | null;
  skip_note: string | null;
  /** how a call went (a channel with outcomes, CHANNEL_KINDS; 0381), set when it is done */
  outcome: TaskOutcome | null;
  /** 0620: when the at-once pass took this personal send (it takes a task once) */
  at_once_at: TsNull;
  /** 0620: why the at-once pass sent nothing (the task waits for the exec's click) */
  at_once_held: string | null;
  /** 0640: the Signals view's follow-up (signal_actions) this task is, for kind signal_follow_up */
  signal_action_id: string | null;
}

/** A test send taken (0395): the throttle of "Send me a test", per person. */
export interface TestSendTakesTable {
  client_id: string;
  take_id: Generated<string>;
  principal_id: string;
  taken_at: ColumnType<Date, Date, Date>;
}

export interface EngineTables {
  engine_campaign_drafters: EngineCampaignDraftersTable;
  test_send_takes: TestSendTakesTable;
  engine_drafting_tasks: EngineDraftingTasksTable;
  engine_rep_tasks: EngineRepTasksTable;
}

// its tables in the one DB type (src/db/database.ts imports no domain: each adds its own)
declare module "../db/database.ts" {
  interface DB extends EngineTables {}
}
