// Kysely row types for the tables this module's own migrations add (see src/db/database.ts).

import type { ColumnType, Generated } from "kysely";
import type { ChannelName } from "../channels/contract.ts";
import type { TriageDecisionKind } from "./triage/triage-decisions.ts";

type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type JsonList = ColumnType<string[], string | undefined, string>;

/** 0050: the exec hand-off gate (spec 002 pipeline "Justin reviews handoff, specifies campaign(s)"). */
export interface CampaignHandoffsTable {
  id: Generated<string>;
  client_id: string;
  contact_id: string;
  from_enrollment_id: string;
  from_campaign_id: string;
  exit_reason: string;
  gate_role: Generated<"exec">;
  status: Generated<"open" | "routed" | "closed">;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  decided_at: TsNull;
  decided_by_principal_id: string | null;
  routed_campaign_ids: JsonList;
  routed_enrollment_ids: JsonList;
  goal: string | null;
  notes: string | null;
  /** 0680: the reply that opened it (null: no reply did, or before 0680) */
  reply_id: Generated<string | null>;
}

/** 0050: every inbound reply, its classification and what was done (spec 002 process_reply). */
export interface CampaignRepliesTable {
  id: Generated<string>;
  client_id: string;
  contact_id: string;
  enrollment_id: string | null;
  channel: Generated<ChannelName>;
  message_id: string | null;
  received_at: ColumnType<Date, Date | string, Date | string>;
  recorded_at: Generated<Date>;
  body: string;
  intent: string;
  confidence: number;
  classified_by: string;
  return_date: TsNull;
  action: "exited" | "paused" | "opted_out" | "continued" | "no_enrollment" | "held";
  exit_reason: string | null;
  submitted_by_principal_id: string | null;
  /** 0340 (issue 56): auto (decided alone or automatic mail) | pending (the triage queue) | decided */
  triage: Generated<"auto" | "pending" | "decided">;
  stop_signal: Generated<boolean>;
  referral: ColumnType<unknown | null, string | null | undefined, string | null>;
  language: string | null;
  /** what the reply paused: [{enrollment_id, paused_until}] */
  held: ColumnType<unknown, string | undefined, string>;
  /** what the campaign's reply policy did: [{enrollment_id, contact_id, scope, effect}] */
  policy_effects: ColumnType<unknown, string | undefined, string>;
  decision: TriageDecisionKind | null;
  decided_intent: string | null;
  decision_details: ColumnType<unknown | null, string | null | undefined, string | null>;
  decided_by_principal_id: string | null;
  decided_at: TsNull;
  /** 0760: the reading passed automation.ts's fixed rules when it came (null: before 0760) */
  sure: ColumnType<boolean | null, boolean | null | undefined, never>;
  /** 0800: the model version that voted on the reading (base:<digest 12>, tenant:<n>; null: none) */
  model_version: ColumnType<string | null, string | null | undefined, never>;
}

/** 0800 (issue 72 item 2): every candidate of a tenant's reply model, kept or not (triage/reply-models.ts). */
export interface ReplyModelVersionsTable {
  client_id: string;
  version: number;
  base_digest: string;
  compared_with: number | null;
  trained_on: number;
  held_out: number;
  candidate_correct: number;
  current_correct: number;
  candidate_accuracy: number;
  current_accuracy: number;
  candidate_wrong_alone: number;
  current_wrong_alone: number;
  candidate_stop_missed: number;
  current_stop_missed: number;
  kept: boolean;
  reason: string | null;
  model: ColumnType<unknown | null, string | null, never>;
  training_ms: number;
  created_at: ColumnType<Date, Date, never>;
}

/** 0760 (issue 72 item 1): automation earned per tenant, intent and language (automation-classes.ts). */
export interface ReplyAutomationClassesTable {
  client_id: string;
  intent: string;
  language: string;
  state: ColumnType<
    "closed" | "open" | "closed_by_hand",
    "closed" | "open" | "closed_by_hand" | undefined,
    "closed" | "open" | "closed_by_hand"
  >;
  min_confidence: number;
  decided: Generated<number>;
  agreed: Generated<number>;
  acted: Generated<number>;
  spot_check_every: Generated<number>;
  opened_at: TsNull;
  closed_at: TsNull;
  closed_by: string | null;
  updated_at: ColumnType<Date, Date, Date>;
}

export interface CampaignsTables {
  campaign_handoffs: CampaignHandoffsTable;
  campaign_replies: CampaignRepliesTable;
  reply_automation_classes: ReplyAutomationClassesTable;
  reply_model_versions: ReplyModelVersionsTable;
}

// its tables in the one DB type (src/db/database.ts imports no domain: each adds its own)
declare module "../db/database.ts" {
  interface DB extends CampaignsTables {}
}
