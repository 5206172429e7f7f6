// Kysely row types for the tables of migrations 0001-0003. Modules declare their own tables
// in src/<module>/tables.ts; src/db/database.ts joins them into one DB type.

import type { ColumnType, Generated } from "kysely";
import type { ChannelName } from "../channels/contract.ts";

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = any> = ColumnType<T, string | T, string | T>;
type JsonNull<T = any> = ColumnType<T | null, string | T | null | undefined, string | T | null>;

export interface ClientsTable {
  client_id: string;
  name: string;
  created_at: Generated<Date>;
}

export interface PrincipalsTable {
  principal_id: Generated<string>;
  client_id: string;
  kind: "person" | "agent";
  display_name: string;
  email: string | null;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  agent_id: string | null;
  manager_id: string | null;
  created_at: Generated<Date>;
  /** Issue 11: null = active; set = deactivated (sessions and tokens refused). */
  deactivated_at: TsNull;
  /** Issue 41: the person's Calendly or Cal.com page, a merge field of their emails (0295). */
  booking_url: Generated<string | null>;
  /** Issue 61: the person's user id in the connected CRM, so the CRM's owner of a record names them (0430). */
  crm_user_id: Generated<string | null>;
}

export interface ApiTokensTable {
  token_id: Generated<string>;
  client_id: string;
  principal_id: string;
  token_hash: string;
  label: Generated<string>;
  created_at: Generated<Date>;
  last_used_at: TsNull;
  revoked_at: TsNull;
  /** Issue 11: null = never expires (demo tokens, tokens issued before 0110). */
  expires_at: TsNull;
  revoked_by: string | null;
  /** Issue 61 (0460): an agent's token bound to a team's or a territory's prospects (src/books). */
  book_team_id: string | null;
  book_territory_id: string | null;
}

export interface SegmentsTable {
  client_id: string;
  segment: string;
  name: string;
  play_cap: number | null;
  auto_sunset: Generated<boolean>;
  created_at: Generated<Date>;
  /** 0400 (issue 61): touches to all contacts of one of its accounts in the rolling week; null: none. */
  account_weekly_touch_cap: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface AccountsTable {
  account_id: Generated<string>;
  client_id: string;
  name: string;
  domain: string | null;
  segment: string | null;
  icp_tier: Generated<"T1" | "T2" | "T3">;
  abm_active: Generated<boolean>;
  vertical: string | null;
  lifecycle_stage: Generated<string>;
  created_at: Generated<Date>;
  /** IANA zone for contacts without one (0125); null: none. */
  time_zone: ColumnType<string | null, string | null | undefined, string | null>;
  /** ISO 3166-1 alpha-2 (0125): public holidays skipped by send windows. */
  country: ColumnType<string | null, string | null | undefined, string | null>;
  /** 0400 (issue 61): touches to all its contacts in the rolling week (over the segment's); null: the segment's. */
  weekly_touch_cap: ColumnType<number | null, number | null | undefined, number | null>;
  /** Issue 61: the account's owner (0430), beside its contacts' owners. */
  owner_principal_id: Generated<string | null>;
}

export interface ContactsTable {
  contact_id: Generated<string>;
  client_id: string;
  account_id: string | null;
  external_id: string | null;
  full_name: string;
  email: string | null;
  linkedin_url: string | null;
  /** the phone call channel's address (0380); phone_suppressed_at: a wrong or bad number was reported (0381) */
  phone: string | null;
  phone_suppressed_at: TsNull;
  title: string | null;
  /** IANA zone; null (0125): the account's, then the campaign window's default, then UTC. */
  time_zone: ColumnType<string | null, string | null | undefined, string | null>;
  /** ISO 3166-1 alpha-2 (0125); null: the account's. */
  country: ColumnType<string | null, string | null | undefined, string | null>;
  owner_principal_id: string | null;
  unsubscribe_flag: Generated<boolean>;
  opt_out_flag: Generated<boolean>;
  opted_out_at: TsNull;
  active_sequence_id: string | null;
  current_step: number | null;
  last_touch_at: TsNull;
  last_sales_signal: string | null;
  last_sales_signal_at: TsNull;
  last_marketing_signal: string | null;
  last_marketing_signal_at: TsNull;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface BrainAgentsTable {
  client_id: string;
  agent_id: string;
  name: string;
  created_at: Generated<Date>;
}

export interface BrainProposalsTable {
  proposal_id: Generated<string>;
  client_id: string;
  agent_id: string;
  payload: Json;
  created_at: Generated<Date>;
}

export interface PlayLibraryConfigTable {
  client_id: string;
  default_segment_cap: Generated<number>;
  review_threshold: Generated<number>;
  updated_at: Generated<Date>;
  updated_by_user_id: string | null;
}

export type PlayState = "draft" | "under_review" | "active" | "retired";

export interface PlaysTable {
  play_id: Generated<string>;
  client_id: string;
  state: Generated<PlayState>;
  scope: "segment" | "account_specific";
  segment: string | null;
  account_id: string | null;
  name: string;
  hypothesis: string;
  target_definition: Json;
  suggested_cadence: Json;
  success_criteria: Json;
  originating_proposal_id: string;
  writer_agent_id: string;
  created_at: Generated<Date>;
  picked_up_by_user_id: string | null;
  picked_up_at: TsNull;
  edits_during_review: JsonNull;
  slm_approver_user_id: string | null;
  slm_approved_at: TsNull;
  revops_approver_user_id: string | null;
  revops_approved_at: TsNull;
  activated_at: TsNull;
  active_period_start: string | null;
  active_period_end: string | null;
  retired_at: TsNull;
  retired_by_user_id: string | null;
  retire_reason: string | null;
  retrospective_outcomes: JsonNull;
  copied_from_play_id: string | null;
  updated_at: Generated<Date>;
}

export type SequenceType = "sales" | "nurture" | "marketing" | "transactional" | "abm";

export interface CampaignsTable {
  id: Generated<string>;
  client_id: string;
  slug: string;
  name: string;
  type: string;
  owner_role: string;
  kind: Generated<SequenceType>;
  status: Generated<"active" | "paused" | "archived">;
  on_exit: Json<Record<string, unknown>>;
  play_id: string | null;
  approval_policy: Generated<"require_approval" | "auto_send">;
  /** Send window (0125, src/scheduling/send-window.ts); null: any time. */
  send_window: ColumnType<unknown | null, string | null | undefined, string | null>;
  /** 0385 (issue 59): touches of this campaign per contact in the rolling week; null: no cap. */
  weekly_touch_cap: ColumnType<number | null, number | null | undefined, number | null>;
  /** 0340 (issue 56, src/campaigns/triage/reply-policy.ts); null: the default policy */
  reply_policy: ColumnType<unknown | null, string | null | undefined, string | null>;
  /** 0440 (issue 61): the team the campaign belongs to (src/campaigns/campaign-access.ts); null: the workspace's */
  team_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** 0620 (issue 67 item 5): the exec's close step goes out on his click, or at once from his mailbox */
  personal_send: Generated<PersonalSendMode>;
  /** 0620: the exec who chose at once (his mailbox sends it); null with on_click */
  personal_send_by: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** How a campaign's personal sends go (0620): on the exec's click, or at once from his mailbox. */
export type PersonalSendMode = "on_click" | "at_once";

export interface CampaignSequencesTable {
  id: Generated<string>;
  client_id: string;
  campaign_id: string;
  step_number: number;
  delay_days: number;
  channel: ChannelName;
  content_type: string;
  template_instructions: string;
  /** 'follow_up': sent in the first email's thread (0125). */
  thread: ColumnType<"new" | "follow_up", "new" | "follow_up" | undefined, "new" | "follow_up">;
  /** A/B variants (0140, src/campaigns/step-variants.ts); null: none. */
  variants: ColumnType<unknown | null, string | null | undefined, string | null>;
  /** Liquid templates a person wrote (0240, src/drafting/render-template.ts); null: none. */
  subject_template: ColumnType<string | null, string | null | undefined, string | null>;
  body_template: ColumnType<string | null, string | null | undefined, string | null>;
}

export type EnrollmentStatus =
  | "queued"
  | "active"
  | "paused"
  | "converted"
  | "rejected"
  | "timed_out"
  | "exited"
  | "opted_out"
  | "cancelled";

export interface CampaignContactsTable {
  id: Generated<string>;
  client_id: string;
  contact_id: string;
  campaign_id: string;
  status: Generated<EnrollmentStatus>;
  current_step: Generated<number>;
  next_send_at: TsNull;
  enrolled_at: Ts;
  exited_at: TsNull;
  exit_reason: string | null;
  goal: string | null;
  notes: string | null;
  sequence_type: SequenceType;
  originating_agent_id: string | null;
  requested_by_principal_id: string | null;
  play_id: string | null;
  originating_proposal_id: string | null;
  paused_until: TsNull;
  claimed_by: string | null;
  claimed_until: TsNull;
  updated_at: Generated<Date>;
  /** 0340, 0344 (issue 56): why a reply paused it (gate 5 reports it); cleared when it leaves paused */
  hold_reason: ColumnType<HoldReason | null, HoldReason | null | undefined, HoldReason | null>;
}

/** Why a reply paused an enrollment (0340, 0344: reply_pending_review is an untrusted reply's hold). */
export type HoldReason = "reply_pending_triage" | "reply_pending_review" | "reply_later" | "reply_policy";

export interface StagedDraftsTable {
  id: Generated<string>;
  client_id: string;
  send_item_id: string | null;
  channel: ChannelName;
  to_id: string;
  subject: string | null;
  body: string;
  original_body: string | null;
  context: Json;
  requires_personal_send: Generated<boolean>;
  status: Generated<"pending" | "approved" | "rejected" | "cancelled">;
  drafted_by: string;
  decided_by_user_id: string | null;
  decided_at: TsNull;
  reject_reason: string | null;
  created_at: Generated<Date>;
}

export interface SalesSendQueueTable {
  id: Generated<string>;
  client_id: string;
  contact_id: string;
  campaign_id: string;
  enrollment_id: string;
  step_number: number;
  channel: ChannelName;
  staged_draft_id: string | null;
  scheduled_at: Ts;
  sent_at: TsNull;
  status: Generated<"pending" | "drafted" | "approved" | "sent" | "failed" | "cancelled">;
  error: string | null;
  idempotency_key: string;
  attempts: Generated<number>;
  play_id: string | null;
  originating_proposal_id: string | null;
  /** The send loop's claim (0061): which worker holds the item, until when. */
  claimed_by: Generated<string | null>;
  claimed_until: Generated<Date | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** The A/B variant assigned to this step (0140); null: the step has none. */
  variant: Generated<string | null>;
}

export interface CadenceEventLogTable {
  event_id: Generated<number>;
  client_id: string;
  occurred_at: Ts;
  recorded_at: Generated<Date>;
  contact_id: string | null;
  account_id: string | null;
  enrollment_id: string | null;
  campaign_id: string | null;
  send_item_id: string | null;
  step_number: number | null;
  sequence_type: SequenceType | null;
  channel: string | null;
  event_type: string;
  coordinator_action: "allow" | "hold" | "queue" | "block" | null;
  resolution: string | null;
  gate: number | null;
  touch_cap_at_event: number | null;
  compliance_status: "clear" | "blocked" | null;
  suppressed_reason:
    | "compliance_block"
    | "abm_active_suppression"
    | "touch_cap_exceeded"
    | "account_cap_exceeded"
    | "conflict_resolved_queued"
    | "outside_send_window"
    | "legal_basis_missing"
    | null;
  release_at: TsNull;
  originating_agent_id: string | null;
  actor_principal_id: string | null;
  play_id: string | null;
  originating_proposal_id: string | null;
  details: Json<Record<string, unknown>>;
}

export interface CoreTables {
  clients: ClientsTable;
  principals: PrincipalsTable;
  api_tokens: ApiTokensTable;
  segments: SegmentsTable;
  accounts: AccountsTable;
  contacts: ContactsTable;
  brain_agents: BrainAgentsTable;
  brain_proposals: BrainProposalsTable;
  play_library_config: PlayLibraryConfigTable;
  plays: PlaysTable;
  campaigns: CampaignsTable;
  campaign_sequences: CampaignSequencesTable;
  campaign_contacts: CampaignContactsTable;
  staged_drafts: StagedDraftsTable;
  sales_send_queue: SalesSendQueueTable;
  cadence_event_log: CadenceEventLogTable;
}
