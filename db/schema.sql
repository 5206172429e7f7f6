-- db/schema.sql: GENERATED, do not edit. The schema db/migrations/ builds, read from a freshly
-- migrated database's catalogs by src/db/dump-schema.ts, sorted by name; no owners, and no table
-- privileges (the runtime role's are granted at run time: src/db/grant-runtime.ts).
-- Regenerate after adding a migration: npm run db:schema
-- test/foundation/schema-file.test.ts fails when this file and the migrations disagree.

-- extensions

create extension if not exists plpgsql;

-- tables

create table accounts (
  account_id uuid default gen_random_uuid() not null,
  client_id text not null,
  name text not null,
  domain text,
  segment character varying(64),
  icp_tier text default 'T2'::text not null,
  abm_active boolean default false not null,
  vertical text,
  lifecycle_stage text default 'prospect'::text not null,
  created_at timestamp with time zone default now() not null,
  time_zone text,
  country text,
  weekly_touch_cap integer,
  owner_principal_id uuid,
  constraint accounts_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint accounts_client_id_owner_principal_id_fkey FOREIGN KEY (client_id, owner_principal_id) REFERENCES principals(client_id, principal_id),
  constraint accounts_client_id_segment_fkey FOREIGN KEY (client_id, segment) REFERENCES segments(client_id, segment),
  constraint accounts_country_iso CHECK (country ~ '^[A-Z]{2}$'::text),
  constraint accounts_icp_tier_check CHECK (icp_tier = ANY (ARRAY['T1'::text, 'T2'::text, 'T3'::text])),
  constraint accounts_pkey PRIMARY KEY (account_id, client_id),
  constraint accounts_weekly_touch_cap_check CHECK (weekly_touch_cap >= 1 AND weekly_touch_cap <= 1000)
);

create table address_bounce_counts (
  client_id text not null,
  address text not null,
  soft_in_row integer default 0 not null,
  last_status text,
  last_bounce_at timestamp with time zone,
  constraint address_bounce_counts_address_check CHECK (address = lower(address)),
  constraint address_bounce_counts_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint address_bounce_counts_pkey PRIMARY KEY (client_id, address)
);
alter table address_bounce_counts alter column address set statistics 0;

create table agent_approval_requests (
  client_id text not null,
  request_id uuid default gen_random_uuid() not null,
  kind text not null,
  agent_principal_id uuid not null,
  agent_token_id uuid not null,
  tool text not null,
  play_id uuid,
  status text default 'pending'::text not null,
  created_at timestamp with time zone not null,
  expires_at timestamp with time zone not null,
  decided_by uuid,
  decided_at timestamp with time zone,
  outcome jsonb,
  reply_id uuid,
  exit_reason text,
  expected_enrollment jsonb,
  automation_change jsonb,
  constraint agent_approval_requests_agent_fkey FOREIGN KEY (client_id, agent_principal_id) REFERENCES principals(client_id, principal_id),
  constraint agent_approval_requests_automation_change_check CHECK (kind <> 'automation_change'::text OR automation_change IS NOT NULL),
  constraint agent_approval_requests_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint agent_approval_requests_decided_by_fkey FOREIGN KEY (client_id, decided_by) REFERENCES principals(client_id, principal_id),
  constraint agent_approval_requests_decided_check CHECK ((status = ANY (ARRAY['pending'::text, 'expired'::text])) OR decided_by IS NOT NULL),
  constraint agent_approval_requests_exit_reason_check CHECK (exit_reason = ANY (ARRAY['converted'::text, 'meeting'::text, 'registered'::text, 'meeting_booked'::text])),
  constraint agent_approval_requests_expiry_check CHECK (expires_at > created_at),
  constraint agent_approval_requests_kind_check CHECK (kind = ANY (ARRAY['play_approval'::text, 'positive_exit'::text, 'automation_change'::text])),
  constraint agent_approval_requests_pkey PRIMARY KEY (client_id, request_id),
  constraint agent_approval_requests_play_check CHECK (kind <> 'play_approval'::text OR play_id IS NOT NULL),
  constraint agent_approval_requests_play_fkey FOREIGN KEY (client_id, play_id) REFERENCES plays(client_id, play_id),
  constraint agent_approval_requests_positive_exit_check CHECK (kind <> 'positive_exit'::text OR reply_id IS NOT NULL AND exit_reason IS NOT NULL AND expected_enrollment IS NOT NULL),
  constraint agent_approval_requests_reply_fkey FOREIGN KEY (client_id, reply_id) REFERENCES campaign_replies(client_id, id),
  constraint agent_approval_requests_status_check CHECK (status = ANY (ARRAY['pending'::text, 'running'::text, 'done'::text, 'failed'::text, 'declined'::text, 'expired'::text])),
  constraint agent_approval_requests_token_fkey FOREIGN KEY (client_id, agent_token_id) REFERENCES api_tokens(client_id, token_id),
  constraint agent_approval_requests_tool_check CHECK (length(tool) <= 64)
);

create table api_tokens (
  token_id uuid default gen_random_uuid() not null,
  client_id text not null,
  principal_id uuid not null,
  token_hash text not null,
  label text default ''::text not null,
  created_at timestamp with time zone default now() not null,
  last_used_at timestamp with time zone,
  revoked_at timestamp with time zone,
  expires_at timestamp with time zone,
  revoked_by uuid,
  book_team_id uuid,
  book_territory_id uuid,
  constraint api_tokens_client_id_principal_id_fkey FOREIGN KEY (client_id, principal_id) REFERENCES principals(client_id, principal_id),
  constraint api_tokens_one_book CHECK (book_team_id IS NULL OR book_territory_id IS NULL),
  constraint api_tokens_pkey PRIMARY KEY (token_id, client_id),
  constraint api_tokens_token_hash_key UNIQUE (token_hash, client_id)
);

create table attio_webhook_deliveries (
  client_id text not null,
  webhook_id uuid not null,
  idempotency_key text not null,
  body_sha256 text not null,
  received_at timestamp with time zone not null,
  constraint attio_webhook_deliveries_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint attio_webhook_deliveries_key_len CHECK (length(idempotency_key) <= 200),
  constraint attio_webhook_deliveries_pkey PRIMARY KEY (client_id, webhook_id, idempotency_key),
  constraint attio_webhook_deliveries_webhook_fkey FOREIGN KEY (client_id, webhook_id) REFERENCES attio_webhooks(client_id, id)
);

create table attio_webhooks (
  client_id text not null,
  id uuid default gen_random_uuid() not null,
  attio_webhook_id text not null,
  attio_workspace_id text not null,
  people_object_id text,
  secret_sealed text not null,
  created_by uuid,
  created_at timestamp with time zone not null,
  last_event_at timestamp with time zone,
  events_count bigint default 0 not null,
  constraint attio_webhooks_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint attio_webhooks_created_by_fkey FOREIGN KEY (client_id, created_by) REFERENCES principals(client_id, principal_id),
  constraint attio_webhooks_object_len CHECK (length(people_object_id) <= 64),
  constraint attio_webhooks_one_per_client UNIQUE (client_id),
  constraint attio_webhooks_pkey PRIMARY KEY (client_id, id),
  constraint attio_webhooks_webhook_len CHECK (length(attio_webhook_id) <= 64),
  constraint attio_webhooks_workspace_len CHECK (length(attio_workspace_id) <= 64)
);

create table audit_log (
  client_id text not null,
  audit_id bigint generated always as identity not null,
  at timestamp with time zone default now() not null,
  actor_principal_id uuid,
  actor_label text not null,
  action text not null,
  target text,
  details jsonb default '{}'::jsonb not null,
  ip text,
  user_agent text,
  constraint audit_log_action_check CHECK (action ~ '^[a-z][a-z0-9_]{0,63}$'::text),
  constraint audit_log_actor_label_check CHECK (length(actor_label) >= 1 AND length(actor_label) <= 300),
  constraint audit_log_client_id_actor_principal_id_fkey FOREIGN KEY (client_id, actor_principal_id) REFERENCES principals(client_id, principal_id),
  constraint audit_log_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint audit_log_details_check CHECK (jsonb_typeof(details) = 'object'::text),
  constraint audit_log_pkey PRIMARY KEY (client_id, audit_id)
);
alter table audit_log alter column actor_label set statistics 0;
alter table audit_log alter column target set statistics 0;
alter table audit_log alter column details set statistics 0;
alter table audit_log alter column ip set statistics 0;
alter table audit_log alter column user_agent set statistics 0;

create table baton_migrations (
  name text not null,
  applied_at timestamp with time zone default now() not null,
  constraint baton_migrations_pkey PRIMARY KEY (name)
);

create table baton_owner_settings (
  name text not null,
  value text not null,
  reason text not null,
  set_by text default CURRENT_USER not null,
  set_at timestamp with time zone default now() not null,
  constraint baton_owner_settings_name_check CHECK (name = 'application_clock'::text),
  constraint baton_owner_settings_pkey PRIMARY KEY (name)
);

create table book_settings (
  client_id text not null,
  scope text default 'tenant'::text not null,
  updated_at timestamp with time zone default now() not null,
  updated_by uuid,
  constraint book_settings_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint book_settings_client_id_updated_by_fkey FOREIGN KEY (client_id, updated_by) REFERENCES principals(client_id, principal_id),
  constraint book_settings_pkey PRIMARY KEY (client_id),
  constraint book_settings_scope_check CHECK (scope = ANY (ARRAY['tenant'::text, 'team'::text, 'own'::text]))
);

create table brain_agents (
  client_id text not null,
  agent_id character varying(16) not null,
  name text not null,
  created_at timestamp with time zone default now() not null,
  constraint brain_agents_agent_id_check CHECK (agent_id::text ~ '^AGT-[0-9]{3,6}$'::text),
  constraint brain_agents_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint brain_agents_pkey PRIMARY KEY (client_id, agent_id)
);

create table brain_proposals (
  proposal_id uuid default gen_random_uuid() not null,
  client_id text not null,
  agent_id character varying(16) not null,
  payload jsonb default '{}'::jsonb not null,
  created_at timestamp with time zone default now() not null,
  constraint brain_proposals_client_id_agent_id_fkey FOREIGN KEY (client_id, agent_id) REFERENCES brain_agents(client_id, agent_id),
  constraint brain_proposals_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint brain_proposals_pkey PRIMARY KEY (proposal_id, client_id)
);
alter table brain_proposals alter column payload set statistics 0;

create table cadence_event_log (
  event_id bigint generated always as identity not null,
  client_id text not null,
  occurred_at timestamp with time zone default now() not null,
  recorded_at timestamp with time zone default now() not null,
  contact_id uuid,
  account_id uuid,
  enrollment_id uuid,
  campaign_id uuid,
  send_item_id uuid,
  step_number integer,
  sequence_type text,
  channel text,
  event_type text not null,
  coordinator_action text,
  resolution text,
  gate smallint,
  touch_cap_at_event integer,
  compliance_status text,
  suppressed_reason text,
  release_at timestamp with time zone,
  originating_agent_id character varying(16),
  actor_principal_id uuid,
  play_id uuid,
  originating_proposal_id uuid,
  details jsonb default '{}'::jsonb not null,
  xact bigint default txid_current() not null,
  constraint cadence_event_log_compliance_status_check CHECK (compliance_status = ANY (ARRAY['clear'::text, 'blocked'::text])),
  constraint cadence_event_log_coordinator_action_check CHECK (coordinator_action = ANY (ARRAY['allow'::text, 'hold'::text, 'queue'::text, 'block'::text])),
  constraint cadence_event_log_gate_check CHECK (gate >= 1 AND gate <= 5),
  constraint cadence_event_log_pkey PRIMARY KEY (client_id, event_id),
  constraint cadence_event_log_sequence_type_check CHECK (sequence_type = ANY (ARRAY['sales'::text, 'nurture'::text, 'marketing'::text, 'transactional'::text, 'abm'::text])),
  constraint cadence_event_log_suppressed_reason_check CHECK (suppressed_reason = ANY (ARRAY['compliance_block'::text, 'abm_active_suppression'::text, 'touch_cap_exceeded'::text, 'conflict_resolved_queued'::text, 'outside_send_window'::text, 'legal_basis_missing'::text, 'account_cap_exceeded'::text]))
);
alter table cadence_event_log alter column details set statistics 0;

create table campaign_contacts (
  id uuid default gen_random_uuid() not null,
  client_id text not null,
  contact_id uuid not null,
  campaign_id uuid not null,
  status text default 'active'::text not null,
  current_step integer default 1 not null,
  next_send_at timestamp with time zone,
  enrolled_at timestamp with time zone default now() not null,
  exited_at timestamp with time zone,
  exit_reason text,
  goal text,
  notes text,
  sequence_type text not null,
  originating_agent_id character varying(16),
  requested_by_principal_id uuid,
  play_id uuid,
  originating_proposal_id uuid,
  paused_until timestamp with time zone,
  claimed_by text,
  claimed_until timestamp with time zone,
  updated_at timestamp with time zone default now() not null,
  hold_reason text,
  constraint campaign_contacts_client_id_campaign_id_fkey FOREIGN KEY (client_id, campaign_id) REFERENCES campaigns(client_id, id),
  constraint campaign_contacts_client_id_contact_id_fkey FOREIGN KEY (client_id, contact_id) REFERENCES contacts(client_id, contact_id),
  constraint campaign_contacts_client_id_originating_proposal_id_fkey FOREIGN KEY (client_id, originating_proposal_id) REFERENCES brain_proposals(client_id, proposal_id),
  constraint campaign_contacts_client_id_play_id_fkey FOREIGN KEY (client_id, play_id) REFERENCES plays(client_id, play_id),
  constraint campaign_contacts_client_id_requested_by_principal_id_fkey FOREIGN KEY (client_id, requested_by_principal_id) REFERENCES principals(client_id, principal_id),
  constraint campaign_contacts_current_step_check CHECK (current_step >= 1),
  constraint campaign_contacts_goal_check CHECK (goal = ANY (ARRAY['awareness'::text, 'pipeline'::text, 'credibility'::text, 'marketing_relief'::text])),
  constraint campaign_contacts_hold_reason_check CHECK (hold_reason = ANY (ARRAY['reply_pending_triage'::text, 'reply_pending_review'::text, 'reply_later'::text, 'reply_policy'::text])),
  constraint campaign_contacts_pkey PRIMARY KEY (id, client_id),
  constraint campaign_contacts_sequence_type_check CHECK (sequence_type = ANY (ARRAY['sales'::text, 'nurture'::text, 'marketing'::text, 'transactional'::text, 'abm'::text])),
  constraint campaign_contacts_status_check CHECK (status = ANY (ARRAY['queued'::text, 'active'::text, 'paused'::text, 'converted'::text, 'rejected'::text, 'timed_out'::text, 'exited'::text, 'opted_out'::text, 'cancelled'::text]))
) with (fillfactor=80, autovacuum_vacuum_scale_factor=0.02, autovacuum_analyze_scale_factor=0.02);
alter table campaign_contacts alter column notes set statistics 0;

create table campaign_handoffs (
  id uuid default gen_random_uuid() not null,
  client_id text not null,
  contact_id uuid not null,
  from_enrollment_id uuid not null,
  from_campaign_id uuid not null,
  exit_reason text not null,
  gate_role text default 'exec'::text not null,
  status text default 'open'::text not null,
  created_at timestamp with time zone default now() not null,
  decided_at timestamp with time zone,
  decided_by_principal_id uuid,
  routed_campaign_ids jsonb default '[]'::jsonb not null,
  routed_enrollment_ids jsonb default '[]'::jsonb not null,
  goal text,
  notes text,
  reply_id uuid,
  constraint campaign_handoffs_client_id_contact_id_fkey FOREIGN KEY (client_id, contact_id) REFERENCES contacts(client_id, contact_id),
  constraint campaign_handoffs_client_id_decided_by_principal_id_fkey FOREIGN KEY (client_id, decided_by_principal_id) REFERENCES principals(client_id, principal_id),
  constraint campaign_handoffs_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint campaign_handoffs_client_id_from_campaign_id_fkey FOREIGN KEY (client_id, from_campaign_id) REFERENCES campaigns(client_id, id),
  constraint campaign_handoffs_client_id_from_enrollment_id_fkey FOREIGN KEY (client_id, from_enrollment_id) REFERENCES campaign_contacts(client_id, id),
  constraint campaign_handoffs_decided CHECK ((status = 'open'::text) = (decided_at IS NULL)),
  constraint campaign_handoffs_gate_role_check CHECK (gate_role = 'exec'::text),
  constraint campaign_handoffs_goal_check CHECK (goal = ANY (ARRAY['awareness'::text, 'pipeline'::text, 'credibility'::text, 'marketing_relief'::text])),
  constraint campaign_handoffs_one_per_exit UNIQUE (from_enrollment_id, client_id),
  constraint campaign_handoffs_pkey PRIMARY KEY (id, client_id),
  constraint campaign_handoffs_reply_fkey FOREIGN KEY (client_id, reply_id) REFERENCES campaign_replies(client_id, id),
  constraint campaign_handoffs_status_check CHECK (status = ANY (ARRAY['open'::text, 'routed'::text, 'closed'::text]))
);
alter table campaign_handoffs alter column notes set statistics 0;

create table campaign_mailboxes (
  client_id text not null,
  campaign_id uuid not null,
  mailbox text not null,
  created_at timestamp with time zone default now() not null,
  constraint campaign_mailboxes_client_id_campaign_id_fkey FOREIGN KEY (client_id, campaign_id) REFERENCES campaigns(client_id, id) ON DELETE CASCADE,
  constraint campaign_mailboxes_mailbox_check CHECK (mailbox ~ '^[^@\s<>]+@[^@\s<>]+$'::text),
  constraint campaign_mailboxes_pkey PRIMARY KEY (client_id, campaign_id, mailbox)
);
alter table campaign_mailboxes alter column mailbox set statistics 0;

create table campaign_replies (
  id uuid default gen_random_uuid() not null,
  client_id text not null,
  contact_id uuid not null,
  enrollment_id uuid,
  channel text default 'email'::text not null,
  message_id text,
  received_at timestamp with time zone not null,
  recorded_at timestamp with time zone default now() not null,
  body text not null,
  intent text not null,
  confidence real not null,
  classified_by text not null,
  return_date timestamp with time zone,
  action text not null,
  exit_reason text,
  submitted_by_principal_id uuid,
  triage text default 'auto'::text not null,
  stop_signal boolean default false not null,
  referral jsonb,
  language text,
  held jsonb default '[]'::jsonb not null,
  policy_effects jsonb default '[]'::jsonb not null,
  decision text,
  decided_intent text,
  decision_details jsonb,
  decided_by_principal_id uuid,
  decided_at timestamp with time zone,
  sure boolean,
  model_version text,
  constraint campaign_replies_action_check CHECK (action = ANY (ARRAY['exited'::text, 'paused'::text, 'opted_out'::text, 'continued'::text, 'no_enrollment'::text, 'held'::text])),
  constraint campaign_replies_channel_check CHECK (channel = ANY (ARRAY['email'::text, 'linkedin'::text, 'phone'::text])),
  constraint campaign_replies_client_id_contact_id_fkey FOREIGN KEY (client_id, contact_id) REFERENCES contacts(client_id, contact_id),
  constraint campaign_replies_client_id_enrollment_id_fkey FOREIGN KEY (client_id, enrollment_id) REFERENCES campaign_contacts(client_id, id),
  constraint campaign_replies_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint campaign_replies_client_id_submitted_by_principal_id_fkey FOREIGN KEY (client_id, submitted_by_principal_id) REFERENCES principals(client_id, principal_id),
  constraint campaign_replies_decided CHECK ((triage = 'decided'::text) = (decision IS NOT NULL) AND (decision IS NULL) = (decided_at IS NULL)),
  constraint campaign_replies_decided_by_fkey FOREIGN KEY (client_id, decided_by_principal_id) REFERENCES principals(client_id, principal_id),
  constraint campaign_replies_decision_check CHECK (decision = ANY (ARRAY['continue'::text, 'exit'::text, 'opt_out'::text, 'later'::text, 'referral'::text, 'handoff'::text, 'not_a_reply'::text])),
  constraint campaign_replies_intent_check CHECK (intent = ANY (ARRAY['interested'::text, 'meeting'::text, 'not_interested'::text, 'unsubscribe'::text, 'out_of_office'::text, 'later'::text, 'referral'::text, 'other'::text])),
  constraint campaign_replies_message_uniq UNIQUE (client_id, message_id),
  constraint campaign_replies_model_version_check CHECK (model_version ~ '^(base:[0-9a-f]{12}|tenant:[0-9]+)$'::text),
  constraint campaign_replies_pkey PRIMARY KEY (id, client_id),
  constraint campaign_replies_triage_check CHECK (triage = ANY (ARRAY['auto'::text, 'pending'::text, 'decided'::text]))
);
alter table campaign_replies alter column message_id set statistics 0;
alter table campaign_replies alter column body set statistics 0;
alter table campaign_replies alter column referral set statistics 0;
alter table campaign_replies alter column decision_details set statistics 0;

create table campaign_sequences (
  id uuid default gen_random_uuid() not null,
  client_id text not null,
  campaign_id uuid not null,
  step_number integer not null,
  delay_days integer not null,
  channel text not null,
  content_type text not null,
  template_instructions text not null,
  thread text default 'new'::text not null,
  variants jsonb,
  subject_template text,
  body_template text,
  constraint campaign_sequences_body_template_len CHECK (length(body_template) >= 1 AND length(body_template) <= 8000),
  constraint campaign_sequences_campaign_id_step_number_key UNIQUE (campaign_id, step_number, client_id),
  constraint campaign_sequences_channel_check CHECK (channel = ANY (ARRAY['email'::text, 'linkedin'::text, 'phone'::text])),
  constraint campaign_sequences_client_id_campaign_id_fkey FOREIGN KEY (client_id, campaign_id) REFERENCES campaigns(client_id, id),
  constraint campaign_sequences_content_type_check CHECK (content_type = ANY (ARRAY['follow_up'::text, 'proof'::text, 'boss_arming'::text, 'campaign_visibility'::text, 'personal_visibility'::text, 'marketing_relief'::text, 'close'::text, 'exit'::text])),
  constraint campaign_sequences_delay_days_check CHECK (delay_days >= 0),
  constraint campaign_sequences_order TRIGGER DEFERRABLE INITIALLY DEFERRED,
  constraint campaign_sequences_pkey PRIMARY KEY (id, client_id),
  constraint campaign_sequences_step_number_check CHECK (step_number >= 1),
  constraint campaign_sequences_subject_template_email CHECK (subject_template IS NULL OR channel = 'email'::text),
  constraint campaign_sequences_subject_template_len CHECK (length(subject_template) >= 1 AND length(subject_template) <= 300),
  constraint campaign_sequences_thread_check CHECK (thread = ANY (ARRAY['new'::text, 'follow_up'::text]))
);

create table campaigns (
  id uuid default gen_random_uuid() not null,
  client_id text not null,
  slug text not null,
  name text not null,
  type text not null,
  owner_role text not null,
  kind text default 'sales'::text not null,
  status text default 'active'::text not null,
  on_exit jsonb default '{}'::jsonb not null,
  play_id uuid,
  approval_policy text default 'require_approval'::text not null,
  created_at timestamp with time zone default now() not null,
  updated_at timestamp with time zone default now() not null,
  send_window jsonb,
  required_legal_basis text[],
  reply_policy jsonb,
  weekly_touch_cap integer,
  team_id uuid,
  personal_send text default 'on_click'::text not null,
  personal_send_by uuid,
  constraint campaigns_approval_policy_check CHECK (approval_policy = ANY (ARRAY['require_approval'::text, 'auto_send'::text])),
  constraint campaigns_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint campaigns_client_id_play_id_fkey FOREIGN KEY (client_id, play_id) REFERENCES plays(client_id, play_id),
  constraint campaigns_client_id_slug_key UNIQUE (client_id, slug),
  constraint campaigns_kind_check CHECK (kind = ANY (ARRAY['sales'::text, 'nurture'::text, 'marketing'::text, 'transactional'::text, 'abm'::text])),
  constraint campaigns_personal_send_by_check CHECK (personal_send = 'on_click'::text OR personal_send_by IS NOT NULL),
  constraint campaigns_personal_send_by_fkey FOREIGN KEY (client_id, personal_send_by) REFERENCES principals(client_id, principal_id),
  constraint campaigns_personal_send_check CHECK (personal_send = ANY (ARRAY['on_click'::text, 'at_once'::text])),
  constraint campaigns_pkey PRIMARY KEY (id, client_id),
  constraint campaigns_required_legal_basis_check CHECK (required_legal_basis IS NULL OR required_legal_basis <@ ARRAY['legitimate_interest'::text, 'consent'::text, 'customer'::text]),
  constraint campaigns_sales_require_approval CHECK (kind <> 'sales'::text OR approval_policy = 'require_approval'::text),
  constraint campaigns_slug_check CHECK (slug ~ '^[a-z0-9][a-z0-9_]{0,63}$'::text),
  constraint campaigns_status_check CHECK (status = ANY (ARRAY['active'::text, 'paused'::text, 'archived'::text])),
  constraint campaigns_team_fkey FOREIGN KEY (client_id, team_id) REFERENCES teams(client_id, team_id),
  constraint campaigns_weekly_touch_cap_check CHECK (weekly_touch_cap >= 1 AND weekly_touch_cap <= 100)
);

create table channel_deliveries (
  idempotency_key text not null,
  client_id text not null,
  channel text default 'email'::text not null,
  transport text not null,
  mailbox text not null,
  to_address text not null,
  subject text not null,
  status text default 'sending'::text not null,
  message_id text,
  error text,
  transient boolean,
  attempts integer default 1 not null,
  created_at timestamp with time zone default now() not null,
  updated_at timestamp with time zone default now() not null,
  contact_id uuid,
  sent_as text,
  provider_message_id text,
  constraint channel_deliveries_channel_check CHECK (channel = 'email'::text),
  constraint channel_deliveries_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint channel_deliveries_pkey PRIMARY KEY (idempotency_key, client_id),
  constraint channel_deliveries_sent_as_check CHECK (sent_as = ANY (ARRAY['owner'::text, 'pool'::text, 'exec_personal'::text, 'thread'::text, 'default'::text])),
  constraint channel_deliveries_status_check CHECK (status = ANY (ARRAY['claimed'::text, 'sending'::text, 'sent'::text, 'failed'::text])),
  constraint channel_deliveries_transport_check CHECK (transport = ANY (ARRAY['smtp'::text, 'dev'::text, 'gmail'::text, 'graph'::text, 'smtp_own'::text]))
) with (fillfactor=80, autovacuum_vacuum_scale_factor=0.02, autovacuum_analyze_scale_factor=0.02);
alter table channel_deliveries alter column mailbox set statistics 0;
alter table channel_deliveries alter column to_address set statistics 0;
alter table channel_deliveries alter column subject set statistics 0;
alter table channel_deliveries alter column message_id set statistics 0;
alter table channel_deliveries alter column error set statistics 0;
alter table channel_deliveries alter column provider_message_id set statistics 0;

create table clients (
  client_id text not null,
  name text not null,
  created_at timestamp with time zone default now() not null,
  constraint clients_client_id_check CHECK (client_id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'::text),
  constraint clients_pkey PRIMARY KEY (client_id)
);

create table contacts (
  contact_id uuid default gen_random_uuid() not null,
  client_id text not null,
  account_id uuid,
  external_id text,
  full_name text not null,
  email text,
  linkedin_url text,
  title text,
  time_zone text,
  owner_principal_id uuid,
  unsubscribe_flag boolean default false not null,
  opt_out_flag boolean default false not null,
  opted_out_at timestamp with time zone,
  active_sequence_id uuid,
  current_step integer,
  last_touch_at timestamp with time zone,
  last_sales_signal text,
  last_sales_signal_at timestamp with time zone,
  last_marketing_signal text,
  last_marketing_signal_at timestamp with time zone,
  created_at timestamp with time zone default now() not null,
  updated_at timestamp with time zone default now() not null,
  country text,
  email_key text generated always as (baton_email_key(email)) stored,
  email_domain text generated always as (baton_email_domain(email)) stored,
  legal_basis text default 'unknown'::text not null,
  legal_basis_source text,
  erased_at timestamp with time zone,
  crm_owner_id text,
  crm_lifecycle_stage text,
  phone text,
  phone_suppressed_at timestamp with time zone,
  constraint contacts_client_id_account_id_fkey FOREIGN KEY (client_id, account_id) REFERENCES accounts(client_id, account_id),
  constraint contacts_client_id_external_id_key UNIQUE (client_id, external_id),
  constraint contacts_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint contacts_client_id_owner_principal_id_fkey FOREIGN KEY (client_id, owner_principal_id) REFERENCES principals(client_id, principal_id),
  constraint contacts_country_iso CHECK (country ~ '^[A-Z]{2}$'::text),
  constraint contacts_legal_basis_check CHECK (legal_basis = ANY (ARRAY['legitimate_interest'::text, 'consent'::text, 'customer'::text, 'unknown'::text])),
  constraint contacts_phone_len CHECK (length(phone) >= 3 AND length(phone) <= 40),
  constraint contacts_pkey PRIMARY KEY (contact_id, client_id)
) with (fillfactor=80, autovacuum_vacuum_scale_factor=0.02, autovacuum_analyze_scale_factor=0.02);
alter table contacts alter column external_id set statistics 0;
alter table contacts alter column full_name set statistics 0;
alter table contacts alter column email set statistics 0;
alter table contacts alter column linkedin_url set statistics 0;
alter table contacts alter column title set statistics 0;
alter table contacts alter column last_sales_signal set statistics 0;
alter table contacts alter column last_marketing_signal set statistics 0;
alter table contacts alter column email_key set statistics 0;
alter table contacts alter column email_domain set statistics 0;
alter table contacts alter column legal_basis_source set statistics 0;
alter table contacts alter column phone set statistics 0;

create table coordinator_config (
  client_id text not null,
  weekly_touch_cap integer default 3 not null,
  daily_touch_cap integer default 1 not null,
  conflict_queue_hours integer default 48 not null,
  updated_at timestamp with time zone default now() not null,
  updated_by_principal_id uuid,
  constraint coordinator_config_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint coordinator_config_client_id_updated_by_principal_id_fkey FOREIGN KEY (client_id, updated_by_principal_id) REFERENCES principals(client_id, principal_id),
  constraint coordinator_config_conflict_queue_hours_check CHECK (conflict_queue_hours >= 1 AND conflict_queue_hours <= 720),
  constraint coordinator_config_daily_touch_cap_check CHECK (daily_touch_cap >= 1 AND daily_touch_cap <= 20),
  constraint coordinator_config_pkey PRIMARY KEY (client_id),
  constraint coordinator_config_weekly_touch_cap_check CHECK (weekly_touch_cap >= 1 AND weekly_touch_cap <= 50)
);

create table coordinator_flags (
  flag_id uuid default gen_random_uuid() not null,
  client_id text not null,
  flag_type text not null,
  dedup_key text not null,
  status text default 'open'::text not null,
  contact_id uuid,
  enrollment_id uuid,
  principal_id uuid,
  details jsonb default '{}'::jsonb not null,
  raised_at timestamp with time zone not null,
  escalated_at timestamp with time zone,
  resolved_at timestamp with time zone,
  resolved_by uuid,
  resolution text,
  constraint coordinator_flags_client_id_contact_id_fkey FOREIGN KEY (client_id, contact_id) REFERENCES contacts(client_id, contact_id),
  constraint coordinator_flags_client_id_enrollment_id_fkey FOREIGN KEY (client_id, enrollment_id) REFERENCES campaign_contacts(client_id, id) NOT VALID,
  constraint coordinator_flags_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint coordinator_flags_client_id_principal_id_fkey FOREIGN KEY (client_id, principal_id) REFERENCES principals(client_id, principal_id),
  constraint coordinator_flags_client_id_resolved_by_fkey FOREIGN KEY (client_id, resolved_by) REFERENCES principals(client_id, principal_id),
  constraint coordinator_flags_flag_type_check CHECK (flag_type = ANY (ARRAY['cap_warning'::text, 'concurrency'::text, 'stall'::text, 'backlog_risk'::text])),
  constraint coordinator_flags_pkey PRIMARY KEY (flag_id, client_id),
  constraint coordinator_flags_resolved_shape CHECK ((status = 'resolved'::text) = (resolved_at IS NOT NULL)),
  constraint coordinator_flags_status_check CHECK (status = ANY (ARRAY['open'::text, 'resolved'::text]))
);
alter table coordinator_flags alter column details set statistics 0;

create table crm_activities (
  activity_id bigint generated always as identity not null,
  client_id text not null,
  crm_contact_id uuid not null,
  channel text not null,
  content_type text not null,
  occurred_at timestamp with time zone not null,
  note text not null,
  created_at timestamp with time zone default now() not null,
  constraint crm_activities_channel_check CHECK (channel = ANY (ARRAY['email'::text, 'linkedin'::text, 'phone'::text])),
  constraint crm_activities_client_id_crm_contact_id_fkey FOREIGN KEY (client_id, crm_contact_id) REFERENCES crm_contacts(client_id, crm_contact_id),
  constraint crm_activities_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint crm_activities_pkey PRIMARY KEY (activity_id, client_id)
);
alter table crm_activities alter column note set statistics 0;

create table crm_contacts (
  crm_contact_id uuid default gen_random_uuid() not null,
  client_id text not null,
  contact_id uuid not null,
  full_name text not null,
  email text,
  company text,
  created_at timestamp with time zone default now() not null,
  updated_at timestamp with time zone default now() not null,
  constraint crm_contacts_client_id_contact_id_fkey FOREIGN KEY (client_id, contact_id) REFERENCES contacts(client_id, contact_id) NOT VALID,
  constraint crm_contacts_client_id_contact_id_key UNIQUE (client_id, contact_id),
  constraint crm_contacts_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint crm_contacts_pkey PRIMARY KEY (crm_contact_id, client_id)
);
alter table crm_contacts alter column full_name set statistics 0;
alter table crm_contacts alter column email set statistics 0;
alter table crm_contacts alter column company set statistics 0;

create table crm_deals (
  deal_id uuid default gen_random_uuid() not null,
  client_id text not null,
  crm_contact_id uuid not null,
  name text not null,
  stage text not null,
  closed_at timestamp with time zone,
  created_at timestamp with time zone default now() not null,
  updated_at timestamp with time zone default now() not null,
  constraint crm_deals_client_id_crm_contact_id_fkey FOREIGN KEY (client_id, crm_contact_id) REFERENCES crm_contacts(client_id, crm_contact_id),
  constraint crm_deals_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint crm_deals_pkey PRIMARY KEY (deal_id, client_id),
  constraint crm_deals_stage_check CHECK (stage = ANY (ARRAY['enrolled'::text, 'engaged'::text, 'meeting'::text, 'proposal'::text, 'won'::text, 'lost'::text]))
);
alter table crm_deals alter column name set statistics 0;

create table crm_links (
  client_id text not null,
  adapter text not null,
  kind text not null,
  baton_id uuid not null,
  external_id text not null,
  created_at timestamp with time zone default now() not null,
  constraint crm_links_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint crm_links_kind_check CHECK (kind = ANY (ARRAY['contact'::text, 'deal'::text, 'company'::text])),
  constraint crm_links_pkey PRIMARY KEY (client_id, adapter, kind, baton_id)
);
alter table crm_links alter column external_id set statistics 0;

create table crm_oauth_grants (
  client_id text not null,
  grant_id uuid default gen_random_uuid() not null,
  provider text not null,
  state_hash text,
  started_by uuid not null,
  session_id uuid,
  code_verifier_sealed text,
  created_at timestamp with time zone not null,
  expires_at timestamp with time zone not null,
  pending_account text,
  previous_account text,
  tokens_sealed text,
  constraint crm_oauth_grants_check CHECK (
CASE
    WHEN pending_account IS NULL THEN state_hash IS NOT NULL AND code_verifier_sealed IS NOT NULL AND tokens_sealed IS NULL
    ELSE state_hash IS NULL AND code_verifier_sealed IS NULL AND tokens_sealed IS NOT NULL
END),
  constraint crm_oauth_grants_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint crm_oauth_grants_client_id_started_by_fkey FOREIGN KEY (client_id, started_by) REFERENCES principals(client_id, principal_id),
  constraint crm_oauth_grants_client_id_state_hash_key UNIQUE (client_id, state_hash),
  constraint crm_oauth_grants_pkey PRIMARY KEY (client_id, grant_id),
  constraint crm_oauth_grants_provider_check CHECK (provider = ANY (ARRAY['hubspot'::text, 'salesforce'::text])),
  constraint crm_oauth_grants_session_fk FOREIGN KEY (client_id, session_id) REFERENCES sessions(client_id, session_id) ON DELETE CASCADE
);

create table crm_oauth_tokens (
  client_id text not null,
  provider text not null,
  access_token_sealed text not null,
  refresh_token_sealed text not null,
  expires_at timestamp with time zone not null,
  instance_url text,
  account_ref text,
  updated_at timestamp with time zone default now() not null,
  user_ref text,
  constraint crm_oauth_tokens_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint crm_oauth_tokens_pkey PRIMARY KEY (client_id, provider),
  constraint crm_oauth_tokens_provider_check CHECK (provider = ANY (ARRAY['hubspot'::text, 'salesforce'::text]))
);

create table crm_outbox (
  id bigint generated always as identity not null,
  client_id text not null,
  contact_id uuid not null,
  op text not null,
  payload jsonb not null,
  status text default 'pending'::text not null,
  attempts integer default 0 not null,
  next_attempt_at timestamp with time zone default now() not null,
  locked_by text,
  locked_until timestamp with time zone,
  last_error text,
  created_at timestamp with time zone default now() not null,
  done_at timestamp with time zone,
  constraint crm_outbox_op_check CHECK (op = ANY (ARRAY['upsert_contact'::text, 'log_activity'::text, 'create_deal'::text, 'update_deal_stage'::text, 'close_deal'::text, 'erase_contact'::text])),
  constraint crm_outbox_pkey PRIMARY KEY (id, client_id),
  constraint crm_outbox_status_check CHECK (status = ANY (ARRAY['pending'::text, 'done'::text, 'dead'::text]))
);
alter table crm_outbox alter column payload set statistics 0;
alter table crm_outbox alter column last_error set statistics 0;

create table crm_sync_cursors (
  client_id text not null,
  provider text not null,
  cursor text,
  polled_at timestamp with time zone default now() not null,
  constraint crm_sync_cursors_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint crm_sync_cursors_pkey PRIMARY KEY (client_id, provider),
  constraint crm_sync_cursors_provider_check CHECK (provider = ANY (ARRAY['hubspot'::text, 'salesforce'::text, 'attio'::text]))
);

create table data_requests (
  client_id text not null,
  id uuid default gen_random_uuid() not null,
  contact_id uuid not null,
  kind text not null,
  status text default 'open'::text not null,
  reply_id uuid,
  received_at timestamp with time zone not null,
  due_at timestamp with time zone not null,
  created_at timestamp with time zone not null,
  closed_at timestamp with time zone,
  closed_by_principal_id uuid,
  constraint data_requests_client_id_closed_by_principal_id_fkey FOREIGN KEY (client_id, closed_by_principal_id) REFERENCES principals(client_id, principal_id),
  constraint data_requests_client_id_contact_id_fkey FOREIGN KEY (client_id, contact_id) REFERENCES contacts(client_id, contact_id),
  constraint data_requests_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint data_requests_closed CHECK ((status = 'open'::text) = (closed_at IS NULL)),
  constraint data_requests_due CHECK (due_at > received_at),
  constraint data_requests_kind_check CHECK (kind = ANY (ARRAY['erasure'::text, 'access'::text])),
  constraint data_requests_pkey PRIMARY KEY (client_id, id),
  constraint data_requests_reply_fkey FOREIGN KEY (client_id, reply_id) REFERENCES campaign_replies(client_id, id),
  constraint data_requests_status_check CHECK (status = ANY (ARRAY['open'::text, 'erased'::text, 'answered'::text, 'refused'::text]))
);

create table dev_email_outbox (
  id bigint generated always as identity not null,
  client_id text not null,
  idempotency_key text not null,
  message_id text not null,
  mailbox text not null,
  to_address text not null,
  subject text not null,
  body text not null,
  headers jsonb default '{}'::jsonb not null,
  recorded_at timestamp with time zone default now() not null,
  constraint dev_email_outbox_idempotency_key_key UNIQUE (idempotency_key, client_id),
  constraint dev_email_outbox_pkey PRIMARY KEY (id, client_id)
);
alter table dev_email_outbox alter column message_id set statistics 0;
alter table dev_email_outbox alter column mailbox set statistics 0;
alter table dev_email_outbox alter column to_address set statistics 0;
alter table dev_email_outbox alter column subject set statistics 0;
alter table dev_email_outbox alter column body set statistics 0;
alter table dev_email_outbox alter column headers set statistics 0;

create table dkim_keys (
  client_id text not null,
  domain text not null,
  selector text not null,
  private_key_enc text not null,
  public_key_b64 text not null,
  created_at timestamp with time zone default now() not null,
  constraint dkim_keys_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint dkim_keys_domain_check CHECK (domain ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$'::text),
  constraint dkim_keys_pkey PRIMARY KEY (client_id, domain),
  constraint dkim_keys_selector_check CHECK (selector ~ '^[a-z0-9]([a-z0-9_-]*[a-z0-9])?$'::text)
);

create table email_sign_in_links (
  client_id text not null,
  link_id uuid default gen_random_uuid() not null,
  principal_id uuid not null,
  code_hash text not null,
  created_at timestamp with time zone default now() not null,
  expires_at timestamp with time zone not null,
  used_at timestamp with time zone,
  constraint email_sign_in_links_client_id_code_hash_key UNIQUE (client_id, code_hash),
  constraint email_sign_in_links_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint email_sign_in_links_client_id_principal_id_fkey FOREIGN KEY (client_id, principal_id) REFERENCES principals(client_id, principal_id),
  constraint email_sign_in_links_pkey PRIMARY KEY (client_id, link_id)
);

create table engine_campaign_drafters (
  client_id text not null,
  campaign_id uuid not null,
  drafter text not null,
  updated_at timestamp with time zone default now() not null,
  constraint engine_campaign_drafters_client_id_campaign_id_fkey FOREIGN KEY (client_id, campaign_id) REFERENCES campaigns(client_id, id),
  constraint engine_campaign_drafters_drafter_check CHECK (drafter = ANY (ARRAY['template'::text, 'agent'::text, 'llm'::text])),
  constraint engine_campaign_drafters_pkey PRIMARY KEY (client_id, campaign_id)
);

create table engine_drafting_tasks (
  id uuid default gen_random_uuid() not null,
  client_id text not null,
  send_item_id uuid not null,
  enrollment_id uuid not null,
  input jsonb not null,
  status text default 'open'::text not null,
  leased_by_agent_id character varying(16),
  lease_expires_at timestamp with time zone,
  staged_draft_id uuid,
  created_at timestamp with time zone default now() not null,
  submitted_at timestamp with time zone,
  constraint engine_drafting_tasks_client_id_enrollment_id_fkey FOREIGN KEY (client_id, enrollment_id) REFERENCES campaign_contacts(client_id, id) NOT VALID,
  constraint engine_drafting_tasks_client_id_send_item_id_fkey FOREIGN KEY (client_id, send_item_id) REFERENCES sales_send_queue(client_id, id),
  constraint engine_drafting_tasks_client_id_staged_draft_id_fkey FOREIGN KEY (client_id, staged_draft_id) REFERENCES staged_drafts(client_id, id) NOT VALID,
  constraint engine_drafting_tasks_pkey PRIMARY KEY (id, client_id),
  constraint engine_drafting_tasks_send_item_id_key UNIQUE (send_item_id, client_id),
  constraint engine_drafting_tasks_status_check CHECK (status = ANY (ARRAY['open'::text, 'submitted'::text, 'cancelled'::text]))
);
alter table engine_drafting_tasks alter column input set statistics 0;

create table engine_rep_tasks (
  id uuid default gen_random_uuid() not null,
  client_id text not null,
  kind text not null,
  assignee_role text not null,
  assignee_principal_id uuid,
  send_item_id uuid,
  enrollment_id uuid,
  contact_id uuid not null,
  channel text,
  to_id text,
  subject text,
  body text not null,
  status text default 'open'::text not null,
  created_at timestamp with time zone default now() not null,
  done_at timestamp with time zone,
  done_by_principal_id uuid,
  outcome text,
  due_at timestamp with time zone default now() not null,
  skip_reason text,
  skip_note text,
  at_once_at timestamp with time zone,
  at_once_held text,
  signal_action_id uuid,
  constraint engine_rep_tasks_assignee_role_check CHECK (assignee_role = ANY (ARRAY['rep'::text, 'exec'::text])),
  constraint engine_rep_tasks_at_once_held_check CHECK (length(at_once_held) <= 500),
  constraint engine_rep_tasks_channel_check CHECK (channel = ANY (ARRAY['email'::text, 'linkedin'::text, 'phone'::text])),
  constraint engine_rep_tasks_client_id_assignee_principal_id_fkey FOREIGN KEY (client_id, assignee_principal_id) REFERENCES principals(client_id, principal_id) NOT VALID,
  constraint engine_rep_tasks_client_id_contact_id_fkey FOREIGN KEY (client_id, contact_id) REFERENCES contacts(client_id, contact_id),
  constraint engine_rep_tasks_client_id_done_by_principal_id_fkey FOREIGN KEY (client_id, done_by_principal_id) REFERENCES principals(client_id, principal_id) NOT VALID,
  constraint engine_rep_tasks_client_id_enrollment_id_fkey FOREIGN KEY (client_id, enrollment_id) REFERENCES campaign_contacts(client_id, id) NOT VALID,
  constraint engine_rep_tasks_client_id_send_item_id_fkey FOREIGN KEY (client_id, send_item_id) REFERENCES sales_send_queue(client_id, id),
  constraint engine_rep_tasks_kind_check CHECK (kind = ANY (ARRAY['linkedin_touch'::text, 'phone_call'::text, 'personal_send'::text, 'signal_follow_up'::text])),
  constraint engine_rep_tasks_outcome_check CHECK (outcome = ANY (ARRAY['connected'::text, 'voicemail'::text, 'no_answer'::text, 'wrong_number'::text, 'bad_number'::text])),
  constraint engine_rep_tasks_outcome_of_call CHECK (outcome IS NULL OR kind = 'phone_call'::text AND status = 'done'::text),
  constraint engine_rep_tasks_pkey PRIMARY KEY (id, client_id),
  constraint engine_rep_tasks_send_item_id_key UNIQUE (send_item_id, client_id),
  constraint engine_rep_tasks_signal_action_fkey FOREIGN KEY (client_id, signal_action_id) REFERENCES signal_actions(client_id, action_id),
  constraint engine_rep_tasks_skip_note_check CHECK (skip_note IS NULL OR length(skip_note) <= 500),
  constraint engine_rep_tasks_skip_reason_check CHECK (skip_reason = ANY (ARRAY['not_on_linkedin'::text, 'not_connected'::text, 'wrong_person'::text, 'already_in_touch'::text, 'bad_timing'::text, 'other'::text])),
  constraint engine_rep_tasks_skipped_check CHECK ((status = 'skipped'::text) = (skip_reason IS NOT NULL)),
  constraint engine_rep_tasks_status_check CHECK (status = ANY (ARRAY['open'::text, 'done'::text, 'cancelled'::text, 'skipped'::text])),
  constraint engine_rep_tasks_touch_or_follow_up CHECK (kind = 'signal_follow_up'::text AND send_item_id IS NULL AND enrollment_id IS NULL AND channel IS NULL AND signal_action_id IS NOT NULL OR kind <> 'signal_follow_up'::text AND send_item_id IS NOT NULL AND enrollment_id IS NOT NULL AND channel IS NOT NULL AND to_id IS NOT NULL AND signal_action_id IS NULL)
);
alter table engine_rep_tasks alter column to_id set statistics 0;
alter table engine_rep_tasks alter column subject set statistics 0;
alter table engine_rep_tasks alter column body set statistics 0;
alter table engine_rep_tasks alter column skip_note set statistics 0;
alter table engine_rep_tasks alter column at_once_held set statistics 0;

create table erasure_log (
  id uuid default gen_random_uuid() not null,
  client_id text not null,
  contact_id uuid not null,
  request_reference text not null,
  requested_by_principal_id uuid,
  requested_by_agent_id character varying(16),
  erased_at timestamp with time zone default now() not null,
  removed jsonb default '{}'::jsonb not null,
  crm_erasure_queued boolean default false not null,
  constraint erasure_log_client_id_contact_id_fkey FOREIGN KEY (client_id, contact_id) REFERENCES contacts(client_id, contact_id),
  constraint erasure_log_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint erasure_log_client_id_requested_by_principal_id_fkey FOREIGN KEY (client_id, requested_by_principal_id) REFERENCES principals(client_id, principal_id),
  constraint erasure_log_pkey PRIMARY KEY (client_id, id),
  constraint erasure_log_request_reference_check CHECK (length(request_reference) >= 1 AND length(request_reference) <= 120)
);

create table event_log_cursors (
  client_id text not null,
  consumer text not null,
  horizon bigint default 0 not null,
  advanced_at timestamp with time zone default now() not null,
  constraint event_log_cursors_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint event_log_cursors_consumer_check CHECK (consumer = ANY (ARRAY['learning_rollup'::text, 'workspace_daily'::text])),
  constraint event_log_cursors_pkey PRIMARY KEY (client_id, consumer)
);

create table event_log_daily (
  client_id text not null,
  day date not null,
  kind text not null,
  cohort text not null,
  reason text default ''::text not null,
  action text default ''::text not null,
  n bigint not null,
  constraint event_log_daily_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint event_log_daily_cohort_check CHECK (cohort = ANY (ARRAY['brain'::text, 'other'::text])),
  constraint event_log_daily_kind_check CHECK (kind = ANY (ARRAY['touch'::text, 'reply'::text, 'suppressed'::text])),
  constraint event_log_daily_pkey PRIMARY KEY (client_id, day, kind, cohort, reason, action)
);

create table idempotency_keys (
  client_id text not null,
  principal_id uuid not null,
  idem_key character varying(255) not null,
  request_hash text not null,
  method character varying(10) not null,
  path text not null,
  state text default 'in_progress'::text not null,
  response_status integer,
  response_body text,
  response_type text,
  created_at timestamp with time zone not null,
  updated_at timestamp with time zone not null,
  expires_at timestamp with time zone not null,
  constraint idempotency_keys_client_id_principal_id_fkey FOREIGN KEY (client_id, principal_id) REFERENCES principals(client_id, principal_id),
  constraint idempotency_keys_idem_key_check CHECK (length(idem_key::text) >= 1 AND length(idem_key::text) <= 255),
  constraint idempotency_keys_pkey PRIMARY KEY (client_id, principal_id, idem_key),
  constraint idempotency_keys_state_check CHECK (state = ANY (ARRAY['in_progress'::text, 'completed'::text]))
);
alter table idempotency_keys alter column response_body set statistics 0;

create table idp_settings (
  client_id text not null,
  issuer text not null,
  oidc_client_id text not null,
  oidc_client_secret text,
  allowed_domains text[] default '{}'::text[] not null,
  role_claim text default 'groups'::text not null,
  role_map jsonb default '{}'::jsonb not null,
  updated_at timestamp with time zone default now() not null,
  updated_by uuid,
  scopes text default 'openid email profile'::text not null,
  constraint idp_settings_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint idp_settings_issuer_check CHECK (issuer ~ '^https?://'::text),
  constraint idp_settings_oidc_client_id_check CHECK (length(oidc_client_id) >= 1 AND length(oidc_client_id) <= 400),
  constraint idp_settings_pkey PRIMARY KEY (client_id),
  constraint idp_settings_scopes_check CHECK (scopes ~ '(^| )openid( |$)'::text)
);

create table import_job_rows (
  client_id text not null,
  job_id uuid not null,
  row_no integer not null,
  line_no integer not null,
  action text not null,
  reason text,
  byte_offset bigint,
  target_id uuid,
  constraint import_job_rows_action_check CHECK (action = ANY (ARRAY['created'::text, 'updated'::text, 'skipped'::text, 'refused'::text])),
  constraint import_job_rows_client_id_job_id_fkey FOREIGN KEY (client_id, job_id) REFERENCES import_jobs(client_id, id) ON DELETE CASCADE,
  constraint import_job_rows_pkey PRIMARY KEY (client_id, job_id, row_no)
);

create table import_jobs (
  id uuid default gen_random_uuid() not null,
  client_id text not null,
  kind text not null,
  dry_run boolean not null,
  on_duplicate text not null,
  status text default 'running'::text not null,
  total_rows integer default 0 not null,
  processed_rows integer default 0 not null,
  counts jsonb default '{}'::jsonb not null,
  report jsonb default '[]'::jsonb not null,
  error text,
  created_by_principal_id uuid,
  created_at timestamp with time zone default now() not null,
  finished_at timestamp with time zone,
  heartbeat_at timestamp with time zone default now() not null,
  constraint import_jobs_client_id_created_by_principal_id_fkey FOREIGN KEY (client_id, created_by_principal_id) REFERENCES principals(client_id, principal_id),
  constraint import_jobs_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint import_jobs_kind_check CHECK (kind = ANY (ARRAY['contacts'::text, 'accounts'::text])),
  constraint import_jobs_on_duplicate_check CHECK (on_duplicate = ANY (ARRAY['update'::text, 'skip'::text])),
  constraint import_jobs_pkey PRIMARY KEY (client_id, id),
  constraint import_jobs_status_check CHECK (status = ANY (ARRAY['running'::text, 'done'::text, 'failed'::text]))
);

create table inbound_reviews (
  client_id text not null,
  id uuid default gen_random_uuid() not null,
  mailbox_id uuid not null,
  uidvalidity bigint not null,
  uid bigint not null,
  message_id text not null,
  contact_id uuid,
  enrollment_id uuid,
  from_address text,
  subject text default ''::text not null,
  excerpt text default ''::text not null,
  body text default ''::text not null,
  received_at timestamp with time zone not null,
  classification jsonb not null,
  stop_request boolean default false not null,
  why_untrusted text not null,
  trust jsonb not null,
  paused jsonb default '[]'::jsonb not null,
  status text default 'pending'::text not null,
  decided_by uuid,
  decided_at timestamp with time zone,
  outcome jsonb,
  created_at timestamp with time zone default now() not null,
  constraint inbound_reviews_client_id_contact_id_fkey FOREIGN KEY (client_id, contact_id) REFERENCES contacts(client_id, contact_id),
  constraint inbound_reviews_client_id_decided_by_fkey FOREIGN KEY (client_id, decided_by) REFERENCES principals(client_id, principal_id),
  constraint inbound_reviews_client_id_enrollment_id_fkey FOREIGN KEY (client_id, enrollment_id) REFERENCES campaign_contacts(client_id, id),
  constraint inbound_reviews_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint inbound_reviews_client_id_mailbox_id_fkey FOREIGN KEY (client_id, mailbox_id) REFERENCES mailbox_inboxes(client_id, id) ON DELETE CASCADE,
  constraint inbound_reviews_client_id_mailbox_id_uidvalidity_uid_key UNIQUE (client_id, mailbox_id, uidvalidity, uid),
  constraint inbound_reviews_decided CHECK ((status = 'pending'::text) = (decided_at IS NULL)),
  constraint inbound_reviews_pkey PRIMARY KEY (client_id, id),
  constraint inbound_reviews_status_check CHECK (status = ANY (ARRAY['pending'::text, 'applied'::text, 'dismissed'::text]))
);
alter table inbound_reviews alter column message_id set statistics 0;
alter table inbound_reviews alter column from_address set statistics 0;
alter table inbound_reviews alter column subject set statistics 0;
alter table inbound_reviews alter column excerpt set statistics 0;
alter table inbound_reviews alter column body set statistics 0;
alter table inbound_reviews alter column classification set statistics 0;
alter table inbound_reviews alter column why_untrusted set statistics 0;
alter table inbound_reviews alter column trust set statistics 0;

create table inbox_messages (
  client_id text not null,
  mailbox_id uuid not null,
  uidvalidity bigint not null,
  uid bigint not null,
  message_id text,
  kind text not null,
  matched_by text,
  contact_id uuid,
  delivery_message_id text,
  address text,
  status_code text,
  outcome jsonb default '{}'::jsonb not null,
  processed_at timestamp with time zone default now() not null,
  constraint inbox_messages_client_id_contact_id_fkey FOREIGN KEY (client_id, contact_id) REFERENCES contacts(client_id, contact_id) NOT VALID,
  constraint inbox_messages_client_id_mailbox_id_fkey FOREIGN KEY (client_id, mailbox_id) REFERENCES mailbox_inboxes(client_id, id) ON DELETE CASCADE,
  constraint inbox_messages_kind_check CHECK (kind = ANY (ARRAY['reply'::text, 'auto_reply'::text, 'hard_bounce'::text, 'soft_bounce'::text, 'sender_fault_bounce'::text, 'complaint'::text, 'untrusted'::text, 'unmatched'::text])),
  constraint inbox_messages_matched_by_check CHECK (matched_by = ANY (ARRAY['in_reply_to'::text, 'references'::text, 'original_message_id'::text, 'verp'::text, 'sender'::text, 'recipient'::text])),
  constraint inbox_messages_pkey PRIMARY KEY (client_id, mailbox_id, uidvalidity, uid)
);
alter table inbox_messages alter column message_id set statistics 0;
alter table inbox_messages alter column address set statistics 0;
alter table inbox_messages alter column outcome set statistics 0;

create table learning_demo_history (
  client_id text not null,
  simulated_days integer not null,
  started_at timestamp with time zone not null,
  completed_at timestamp with time zone,
  days_done integer default 0 not null,
  constraint learning_demo_history_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint learning_demo_history_days_done_check CHECK (days_done >= 0),
  constraint learning_demo_history_pkey PRIMARY KEY (client_id)
);

create table learning_funnel_rollup (
  client_id text not null,
  campaign_id uuid not null,
  step_number integer not null,
  variant text default ''::text not null,
  week date not null,
  metric text not null,
  n bigint not null,
  shard smallint default 0 not null,
  constraint learning_funnel_rollup_pkey PRIMARY KEY (client_id, campaign_id, step_number, variant, week, metric, shard)
);

create table learning_retrospective_revisions (
  revision_id bigint generated always as identity not null,
  client_id text not null,
  retrospective_id uuid not null,
  action text not null,
  outcomes jsonb not null,
  notes text,
  actor_principal_id uuid,
  created_at timestamp with time zone default now() not null,
  constraint learning_retrospective_revisi_client_id_actor_principal_id_fkey FOREIGN KEY (client_id, actor_principal_id) REFERENCES principals(client_id, principal_id),
  constraint learning_retrospective_revision_client_id_retrospective_id_fkey FOREIGN KEY (client_id, retrospective_id) REFERENCES learning_retrospectives(client_id, retrospective_id),
  constraint learning_retrospective_revisions_action_check CHECK (action = ANY (ARRAY['drafted'::text, 'confirmed'::text, 'amended'::text])),
  constraint learning_retrospective_revisions_pkey PRIMARY KEY (client_id, revision_id)
);

create table learning_retrospectives (
  retrospective_id uuid default gen_random_uuid() not null,
  client_id text not null,
  play_id uuid not null,
  window_start timestamp with time zone not null,
  window_end timestamp with time zone not null,
  measured jsonb not null,
  outcomes jsonb not null,
  draft_text text not null,
  status text default 'draft'::text not null,
  decided_by uuid,
  decided_at timestamp with time zone,
  created_at timestamp with time zone default now() not null,
  constraint learning_retrospectives_client_id_decided_by_fkey FOREIGN KEY (client_id, decided_by) REFERENCES principals(client_id, principal_id),
  constraint learning_retrospectives_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint learning_retrospectives_client_id_play_id_fkey FOREIGN KEY (client_id, play_id) REFERENCES plays(client_id, play_id),
  constraint learning_retrospectives_client_id_play_id_window_end_key UNIQUE (client_id, play_id, window_end),
  constraint learning_retrospectives_pkey PRIMARY KEY (client_id, retrospective_id),
  constraint learning_retrospectives_status_check CHECK (status = ANY (ARRAY['draft'::text, 'confirmed'::text, 'amended'::text]))
);

create table learning_variant_winners (
  client_id text not null,
  campaign_id uuid not null,
  step_number integer not null,
  variant text not null,
  promoted_by uuid,
  promoted_at timestamp with time zone default now() not null,
  constraint learning_variant_winners_client_id_campaign_id_fkey FOREIGN KEY (client_id, campaign_id) REFERENCES campaigns(client_id, id),
  constraint learning_variant_winners_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint learning_variant_winners_client_id_promoted_by_fkey FOREIGN KEY (client_id, promoted_by) REFERENCES principals(client_id, principal_id),
  constraint learning_variant_winners_pkey PRIMARY KEY (client_id, campaign_id, step_number)
);

create table mail_webhook_events (
  client_id text not null,
  webhook_id uuid not null,
  provider text not null,
  provider_event_id text not null,
  kind text not null,
  outcome text not null,
  why text not null,
  recipient text,
  status text,
  reason text,
  hard boolean,
  sender_fault boolean,
  feedback_type text,
  diagnostic text,
  original_message_id text,
  provider_message_id text,
  contact_id uuid,
  occurred_at timestamp with time zone,
  details jsonb default '{}'::jsonb not null,
  received_at timestamp with time zone default now() not null,
  constraint mail_webhook_events_client_id_contact_id_fkey FOREIGN KEY (client_id, contact_id) REFERENCES contacts(client_id, contact_id),
  constraint mail_webhook_events_client_id_webhook_id_fkey FOREIGN KEY (client_id, webhook_id) REFERENCES mail_webhooks(client_id, id) ON DELETE CASCADE,
  constraint mail_webhook_events_kind_check CHECK (kind = ANY (ARRAY['bounce'::text, 'complaint'::text, 'subscription'::text])),
  constraint mail_webhook_events_outcome_check CHECK (outcome = ANY (ARRAY['applied'::text, 'unmatched'::text, 'ignored'::text])),
  constraint mail_webhook_events_pkey PRIMARY KEY (client_id, provider, provider_event_id)
);
alter table mail_webhook_events alter column recipient set statistics 0;
alter table mail_webhook_events alter column reason set statistics 0;
alter table mail_webhook_events alter column diagnostic set statistics 0;
alter table mail_webhook_events alter column original_message_id set statistics 0;
alter table mail_webhook_events alter column details set statistics 0;

create table mail_webhook_tokens (
  client_id text not null,
  webhook_id uuid not null,
  token text not null,
  seen_at timestamp with time zone not null,
  constraint mail_webhook_tokens_client_id_webhook_id_fkey FOREIGN KEY (client_id, webhook_id) REFERENCES mail_webhooks(client_id, id) ON DELETE CASCADE,
  constraint mail_webhook_tokens_pkey PRIMARY KEY (client_id, webhook_id, token)
);

create table mail_webhooks (
  client_id text not null,
  id uuid default gen_random_uuid() not null,
  provider text not null,
  settings jsonb default '{}'::jsonb not null,
  secret_enc text,
  subscribed_at timestamp with time zone,
  last_event_at timestamp with time zone,
  events_count bigint default 0 not null,
  created_by_principal_id uuid,
  created_at timestamp with time zone default now() not null,
  updated_at timestamp with time zone default now() not null,
  constraint mail_webhooks_client_id_created_by_principal_id_fkey FOREIGN KEY (client_id, created_by_principal_id) REFERENCES principals(client_id, principal_id),
  constraint mail_webhooks_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint mail_webhooks_pkey PRIMARY KEY (client_id, id),
  constraint mail_webhooks_provider_check CHECK (provider = ANY (ARRAY['ses'::text, 'sendgrid'::text, 'mailgun'::text, 'postmark'::text]))
);

create table mailbox_connections (
  client_id text not null,
  mailbox text not null,
  owner_id uuid not null,
  provider text not null,
  can_send boolean default true not null,
  can_read boolean default true not null,
  status text default 'connected'::text not null,
  status_reason text,
  status_since timestamp with time zone default now() not null,
  paused_until timestamp with time zone,
  provider_account text,
  scopes text[] default '{}'::text[] not null,
  access_token_sealed text,
  refresh_token_sealed text,
  access_expires_at timestamp with time zone,
  smtp_host text,
  smtp_port integer,
  smtp_secure boolean,
  smtp_username text,
  secret_sealed text,
  read_cursor text,
  last_read_at timestamp with time zone,
  last_error text,
  last_error_at timestamp with time zone,
  connected_at timestamp with time zone default now() not null,
  updated_at timestamp with time zone default now() not null,
  constraint mailbox_connections_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint mailbox_connections_client_id_owner_id_fkey FOREIGN KEY (client_id, owner_id) REFERENCES principals(client_id, principal_id),
  constraint mailbox_connections_credentials CHECK (status = 'disconnected'::text OR (provider = ANY (ARRAY['google'::text, 'microsoft'::text])) AND refresh_token_sealed IS NOT NULL OR provider = 'imap_smtp'::text AND smtp_host IS NOT NULL AND smtp_port IS NOT NULL AND secret_sealed IS NOT NULL),
  constraint mailbox_connections_last_error_check CHECK (length(last_error) <= 500),
  constraint mailbox_connections_mailbox_check CHECK (mailbox = lower(mailbox) AND mailbox ~ '^[^@\s<>]+@[^@\s<>]+$'::text),
  constraint mailbox_connections_paused_until CHECK (paused_until IS NULL OR status = 'paused'::text),
  constraint mailbox_connections_pkey PRIMARY KEY (client_id, mailbox),
  constraint mailbox_connections_provider_account_check CHECK (length(provider_account) <= 320),
  constraint mailbox_connections_provider_check CHECK (provider = ANY (ARRAY['google'::text, 'microsoft'::text, 'imap_smtp'::text])),
  constraint mailbox_connections_smtp_host_check CHECK (length(smtp_host) <= 253),
  constraint mailbox_connections_smtp_port_check CHECK (smtp_port >= 1 AND smtp_port <= 65535),
  constraint mailbox_connections_smtp_username_check CHECK (length(smtp_username) <= 320),
  constraint mailbox_connections_status_check CHECK (status = ANY (ARRAY['connected'::text, 'needs_consent'::text, 'paused'::text, 'disconnected'::text])),
  constraint mailbox_connections_status_reason_check CHECK (length(status_reason) <= 500)
);
alter table mailbox_connections alter column mailbox set statistics 0;
alter table mailbox_connections alter column status_reason set statistics 0;
alter table mailbox_connections alter column provider_account set statistics 0;
alter table mailbox_connections alter column smtp_username set statistics 0;
alter table mailbox_connections alter column last_error set statistics 0;

create table mailbox_deliverability (
  client_id text not null,
  mailbox text not null,
  status text default 'ok'::text not null,
  reason text,
  flagged_at timestamp with time zone,
  sender_fault_count integer default 0 not null,
  complaints integer default 0 not null,
  sends_counted integer default 0 not null,
  complaint_rate double precision default 0 not null,
  paused_at timestamp with time zone,
  updated_at timestamp with time zone default now() not null,
  constraint mailbox_deliverability_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint mailbox_deliverability_mailbox_check CHECK (mailbox = lower(mailbox)),
  constraint mailbox_deliverability_pkey PRIMARY KEY (client_id, mailbox),
  constraint mailbox_deliverability_status_check CHECK (status = ANY (ARRAY['ok'::text, 'flagged'::text, 'paused'::text]))
);
alter table mailbox_deliverability alter column mailbox set statistics 0;

create table mailbox_inboxes (
  client_id text not null,
  id uuid default gen_random_uuid() not null,
  mailbox text not null,
  host text not null,
  port integer not null,
  tls boolean default true not null,
  username text not null,
  auth_kind text not null,
  secret_enc text,
  secret_env text,
  oauth_provider text,
  folder text default 'INBOX'::text not null,
  status text default 'pending'::text not null,
  idle_supported boolean,
  last_sync_at timestamp with time zone,
  last_connected_at timestamp with time zone,
  uidvalidity bigint,
  last_uid bigint default 0 not null,
  last_error text,
  last_error_at timestamp with time zone,
  processed_count bigint default 0 not null,
  unmatched_count bigint default 0 not null,
  claimed_by text,
  claimed_until timestamp with time zone,
  created_at timestamp with time zone default now() not null,
  updated_at timestamp with time zone default now() not null,
  trusted_authserv_ids text[] default '{}'::text[] not null,
  constraint mailbox_inboxes_auth_kind_check CHECK (auth_kind = ANY (ARRAY['password'::text, 'xoauth2'::text, 'gmail_api'::text, 'graph'::text])),
  constraint mailbox_inboxes_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint mailbox_inboxes_client_id_mailbox_key UNIQUE (client_id, mailbox),
  constraint mailbox_inboxes_last_uid_check CHECK (last_uid >= 0),
  constraint mailbox_inboxes_pkey PRIMARY KEY (client_id, id),
  constraint mailbox_inboxes_port_check CHECK (port >= 1 AND port <= 65535),
  constraint mailbox_inboxes_secret CHECK (auth_kind = 'password'::text AND (secret_enc IS NOT NULL OR secret_env IS NOT NULL) OR auth_kind = 'xoauth2'::text AND oauth_provider IS NOT NULL OR (auth_kind = ANY (ARRAY['gmail_api'::text, 'graph'::text])) AND secret_enc IS NULL AND secret_env IS NULL),
  constraint mailbox_inboxes_secret_env_check CHECK (secret_env ~ '^[A-Z_][A-Z0-9_]{0,63}$'::text),
  constraint mailbox_inboxes_status_check CHECK (status = ANY (ARRAY['pending'::text, 'connected'::text, 'error'::text, 'paused'::text]))
);
alter table mailbox_inboxes alter column mailbox set statistics 0;
alter table mailbox_inboxes alter column username set statistics 0;

create table mailbox_limits (
  client_id text not null,
  mailbox text not null,
  daily_limit integer not null,
  updated_at timestamp with time zone default now() not null,
  ramp_start integer,
  ramp_step integer,
  ramp_start_day date,
  constraint mailbox_limits_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint mailbox_limits_daily_limit_check CHECK (daily_limit >= 0),
  constraint mailbox_limits_pkey PRIMARY KEY (client_id, mailbox),
  constraint mailbox_limits_ramp_complete CHECK ((ramp_start IS NULL) = (ramp_step IS NULL) AND (ramp_start IS NULL) = (ramp_start_day IS NULL)),
  constraint mailbox_limits_ramp_start_check CHECK (ramp_start >= 0),
  constraint mailbox_limits_ramp_step_check CHECK (ramp_step >= 0)
);
alter table mailbox_limits alter column mailbox set statistics 0;

create table mailbox_oauth_grants (
  client_id text not null,
  grant_id uuid default gen_random_uuid() not null,
  provider text not null,
  mailbox text not null,
  state_hash text not null,
  started_by uuid not null,
  session_id uuid,
  code_verifier_sealed text not null,
  created_at timestamp with time zone not null,
  expires_at timestamp with time zone not null,
  constraint mailbox_oauth_grants_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint mailbox_oauth_grants_client_id_session_id_fkey FOREIGN KEY (client_id, session_id) REFERENCES sessions(client_id, session_id) ON DELETE CASCADE,
  constraint mailbox_oauth_grants_client_id_started_by_fkey FOREIGN KEY (client_id, started_by) REFERENCES principals(client_id, principal_id),
  constraint mailbox_oauth_grants_client_id_state_hash_key UNIQUE (client_id, state_hash),
  constraint mailbox_oauth_grants_mailbox_check CHECK (mailbox = lower(mailbox) AND mailbox ~ '^[^@\s<>]+@[^@\s<>]+$'::text),
  constraint mailbox_oauth_grants_pkey PRIMARY KEY (client_id, grant_id),
  constraint mailbox_oauth_grants_provider_check CHECK (provider = ANY (ARRAY['google'::text, 'microsoft'::text]))
);
alter table mailbox_oauth_grants alter column mailbox set statistics 0;

create table mailbox_send_counts (
  client_id text not null,
  mailbox text not null,
  day date not null,
  sent integer default 0 not null,
  constraint mailbox_send_counts_pkey PRIMARY KEY (client_id, mailbox, day),
  constraint mailbox_send_counts_sent_check CHECK (sent >= 0)
);
alter table mailbox_send_counts alter column mailbox set statistics 0;

create table meeting_webhooks (
  client_id text not null,
  id uuid default gen_random_uuid() not null,
  provider text not null,
  secret_enc text not null,
  max_age_s integer default 300 not null,
  last_event_at timestamp with time zone,
  events_count bigint default 0 not null,
  created_by_principal_id uuid,
  created_at timestamp with time zone default now() not null,
  constraint meeting_webhooks_client_id_created_by_principal_id_fkey FOREIGN KEY (client_id, created_by_principal_id) REFERENCES principals(client_id, principal_id),
  constraint meeting_webhooks_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint meeting_webhooks_max_age_s_check CHECK (max_age_s >= 30 AND max_age_s <= 86400),
  constraint meeting_webhooks_pkey PRIMARY KEY (client_id, id),
  constraint meeting_webhooks_provider_check CHECK (provider = ANY (ARRAY['calendly'::text, 'calcom'::text]))
);

create table meetings (
  client_id text not null,
  id uuid default gen_random_uuid() not null,
  webhook_id uuid,
  provider text not null,
  provider_event_id text not null,
  contact_id uuid,
  enrollment_id uuid,
  status text not null,
  matched_by text,
  invitee_email text not null,
  invitee_name text,
  title text,
  start_at timestamp with time zone,
  end_at timestamp with time zone,
  booked_at timestamp with time zone not null,
  cancelled_at timestamp with time zone,
  cancel_reason text,
  created_at timestamp with time zone default now() not null,
  review_status text,
  held jsonb default '[]'::jsonb not null,
  decided_by_principal_id uuid,
  decided_at timestamp with time zone,
  constraint meetings_client_id_contact_id_fkey FOREIGN KEY (client_id, contact_id) REFERENCES contacts(client_id, contact_id),
  constraint meetings_client_id_enrollment_id_fkey FOREIGN KEY (client_id, enrollment_id) REFERENCES campaign_contacts(client_id, id),
  constraint meetings_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint meetings_client_id_provider_provider_event_id_key UNIQUE (client_id, provider, provider_event_id),
  constraint meetings_client_id_webhook_id_fkey FOREIGN KEY (client_id, webhook_id) REFERENCES meeting_webhooks(client_id, id),
  constraint meetings_decided_by_fkey FOREIGN KEY (client_id, decided_by_principal_id) REFERENCES principals(client_id, principal_id),
  constraint meetings_matched_by_check CHECK (matched_by = ANY (ARRAY['token'::text, 'email'::text])),
  constraint meetings_pkey PRIMARY KEY (client_id, id),
  constraint meetings_provider_check CHECK (provider = ANY (ARRAY['calendly'::text, 'calcom'::text])),
  constraint meetings_review_decided CHECK ((review_status = 'pending'::text) = (decided_at IS NULL) OR review_status IS NULL),
  constraint meetings_review_status_check CHECK (review_status = ANY (ARRAY['pending'::text, 'confirmed'::text, 'dismissed'::text])),
  constraint meetings_status_check CHECK (status = ANY (ARRAY['booked'::text, 'cancelled'::text]))
);
alter table meetings alter column invitee_email set statistics 0;
alter table meetings alter column invitee_name set statistics 0;
alter table meetings alter column title set statistics 0;
alter table meetings alter column cancel_reason set statistics 0;

create table notification_deliveries (
  delivery_id uuid default gen_random_uuid() not null,
  client_id text not null,
  notification_id bigint not null,
  webhook_id uuid not null,
  status text default 'pending'::text not null,
  attempts integer default 0 not null,
  next_attempt_at timestamp with time zone default now() not null,
  last_status_code integer,
  last_error text,
  delivered_at timestamp with time zone,
  created_at timestamp with time zone default now() not null,
  constraint notification_deliveries_client_id_notification_id_fkey FOREIGN KEY (client_id, notification_id) REFERENCES notification_outbox(client_id, notification_id),
  constraint notification_deliveries_client_id_webhook_id_fkey FOREIGN KEY (client_id, webhook_id) REFERENCES notification_webhooks(client_id, webhook_id) ON DELETE CASCADE,
  constraint notification_deliveries_notification_id_webhook_id_key UNIQUE (notification_id, webhook_id, client_id),
  constraint notification_deliveries_pkey PRIMARY KEY (delivery_id, client_id),
  constraint notification_deliveries_status_check CHECK (status = ANY (ARRAY['pending'::text, 'delivered'::text, 'failed'::text]))
);

create table notification_outbox (
  notification_id bigint generated always as identity not null,
  client_id text not null,
  kind text not null,
  recipient_kind text not null,
  recipient text not null,
  payload jsonb default '{}'::jsonb not null,
  created_at timestamp with time zone default now() not null,
  constraint notification_outbox_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint notification_outbox_kind_check CHECK (kind ~ '^[a-z0-9_]+(\.[a-z0-9_]+)*$'::text),
  constraint notification_outbox_pkey PRIMARY KEY (notification_id, client_id),
  constraint notification_outbox_recipient_kind_check CHECK (recipient_kind = ANY (ARRAY['principal'::text, 'role'::text, 'agent'::text]))
);
alter table notification_outbox alter column recipient set statistics 0;
alter table notification_outbox alter column payload set statistics 0;

create table notification_webhooks (
  webhook_id uuid default gen_random_uuid() not null,
  client_id text not null,
  url text not null,
  secret text not null,
  event_types text[] default '{}'::text[] not null,
  enabled boolean default true not null,
  description text default ''::text not null,
  created_by uuid,
  created_at timestamp with time zone default now() not null,
  updated_at timestamp with time zone default now() not null,
  constraint notification_webhooks_client_id_created_by_fkey FOREIGN KEY (client_id, created_by) REFERENCES principals(client_id, principal_id),
  constraint notification_webhooks_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint notification_webhooks_pkey PRIMARY KEY (webhook_id, client_id),
  constraint notification_webhooks_secret_check CHECK (length(secret) >= 16 AND length(secret) <= 200),
  constraint notification_webhooks_url_check CHECK (url ~ '^https?://'::text AND length(url) <= 2000)
);

create table oauth_access_token_issues (
  client_id text not null,
  token_hash text not null,
  grant_id text not null,
  principal_id uuid not null,
  app_id text not null,
  scopes text[] not null,
  issued_at timestamp with time zone default now() not null,
  expires_at timestamp with time zone not null,
  constraint oauth_access_token_issues_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint oauth_access_token_issues_client_id_principal_id_fkey FOREIGN KEY (client_id, principal_id) REFERENCES principals(client_id, principal_id),
  constraint oauth_access_token_issues_pkey PRIMARY KEY (client_id, token_hash)
);

create table oauth_grants (
  client_id text not null,
  grant_id text not null,
  app_id text not null,
  principal_id uuid not null,
  scopes text[] default '{}'::text[] not null,
  payload jsonb not null,
  expires_at timestamp with time zone,
  created_at timestamp with time zone default now() not null,
  last_used_at timestamp with time zone,
  constraint oauth_grants_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint oauth_grants_client_id_principal_id_fkey FOREIGN KEY (client_id, principal_id) REFERENCES principals(client_id, principal_id) ON DELETE CASCADE,
  constraint oauth_grants_pkey PRIMARY KEY (client_id, grant_id)
);

create table oauth_records (
  model text not null,
  key_hash text not null,
  payload jsonb not null,
  uid_hash text,
  expires_at timestamp with time zone,
  consumed_at timestamp with time zone,
  created_at timestamp with time zone default now() not null,
  constraint oauth_records_model_check CHECK (length(model) >= 1 AND length(model) <= 40),
  constraint oauth_records_pkey PRIMARY KEY (model, key_hash)
);

create table oauth_tokens (
  client_id text not null,
  token_hash text not null,
  model text not null,
  grant_id text not null,
  payload jsonb not null,
  expires_at timestamp with time zone,
  consumed_at timestamp with time zone,
  created_at timestamp with time zone default now() not null,
  constraint oauth_tokens_client_id_grant_id_fkey FOREIGN KEY (client_id, grant_id) REFERENCES oauth_grants(client_id, grant_id) ON DELETE CASCADE,
  constraint oauth_tokens_model_check CHECK (model = ANY (ARRAY['AuthorizationCode'::text, 'AccessToken'::text, 'RefreshToken'::text])),
  constraint oauth_tokens_pkey PRIMARY KEY (client_id, token_hash)
);

create table oidc_sign_in_states (
  client_id text not null,
  state_hash text not null,
  code_verifier text not null,
  nonce text not null,
  created_at timestamp with time zone default now() not null,
  expires_at timestamp with time zone not null,
  constraint oidc_sign_in_states_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint oidc_sign_in_states_pkey PRIMARY KEY (client_id, state_hash)
);

create table play_cap_locks (
  client_id text not null,
  cap_key text not null,
  activations bigint default 0 not null,
  constraint play_cap_locks_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint play_cap_locks_pkey PRIMARY KEY (client_id, cap_key)
);

create table play_execution_requests (
  client_id text not null,
  play_id uuid not null,
  contact_id uuid not null,
  requested_at timestamp with time zone not null,
  action text not null,
  event_id bigint,
  enrollment_id uuid,
  constraint play_execution_requests_action_check CHECK (action = ANY (ARRAY['allow'::text, 'hold'::text, 'queue'::text, 'block'::text])),
  constraint play_execution_requests_client_id_contact_id_fkey FOREIGN KEY (client_id, contact_id) REFERENCES contacts(client_id, contact_id),
  constraint play_execution_requests_client_id_enrollment_id_fkey FOREIGN KEY (client_id, enrollment_id) REFERENCES campaign_contacts(client_id, id) NOT VALID,
  constraint play_execution_requests_client_id_play_id_fkey FOREIGN KEY (client_id, play_id) REFERENCES plays(client_id, play_id),
  constraint play_execution_requests_pkey PRIMARY KEY (client_id, play_id, contact_id)
);

create table play_library_config (
  client_id text not null,
  default_segment_cap integer default 5 not null,
  review_threshold integer default 30 not null,
  updated_at timestamp with time zone default now() not null,
  updated_by_user_id uuid,
  constraint play_library_config_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint play_library_config_client_id_updated_by_user_id_fkey FOREIGN KEY (client_id, updated_by_user_id) REFERENCES principals(client_id, principal_id) NOT VALID,
  constraint play_library_config_default_segment_cap_check CHECK (default_segment_cap >= 3 AND default_segment_cap <= 8),
  constraint play_library_config_pkey PRIMARY KEY (client_id),
  constraint play_library_config_review_threshold_check CHECK (review_threshold > 0)
);

create table plays (
  play_id uuid default gen_random_uuid() not null,
  client_id text not null,
  state text default 'draft'::text not null,
  scope text not null,
  segment character varying(64),
  account_id uuid,
  name character varying(128) not null,
  hypothesis text not null,
  target_definition jsonb not null,
  suggested_cadence jsonb not null,
  success_criteria jsonb not null,
  originating_proposal_id uuid not null,
  writer_agent_id character varying(16) not null,
  created_at timestamp with time zone default now() not null,
  picked_up_by_user_id uuid,
  picked_up_at timestamp with time zone,
  edits_during_review jsonb,
  slm_approver_user_id uuid,
  slm_approved_at timestamp with time zone,
  revops_approver_user_id uuid,
  revops_approved_at timestamp with time zone,
  activated_at timestamp with time zone,
  active_period_start date,
  active_period_end date,
  retired_at timestamp with time zone,
  retired_by_user_id uuid,
  retire_reason text,
  retrospective_outcomes jsonb,
  copied_from_play_id uuid,
  updated_at timestamp with time zone default now() not null,
  constraint plays_active_period_order CHECK (active_period_end IS NULL OR active_period_start IS NULL OR active_period_end >= active_period_start),
  constraint plays_active_requires_approvers CHECK (state <> 'active'::text OR slm_approver_user_id IS NOT NULL AND revops_approver_user_id IS NOT NULL AND activated_at IS NOT NULL AND active_period_start IS NOT NULL),
  constraint plays_client_id_account_id_fkey FOREIGN KEY (client_id, account_id) REFERENCES accounts(client_id, account_id),
  constraint plays_client_id_copied_from_play_id_fkey FOREIGN KEY (client_id, copied_from_play_id) REFERENCES plays(client_id, play_id),
  constraint plays_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint plays_client_id_originating_proposal_id_fkey FOREIGN KEY (client_id, originating_proposal_id) REFERENCES brain_proposals(client_id, proposal_id),
  constraint plays_client_id_picked_up_by_user_id_fkey FOREIGN KEY (client_id, picked_up_by_user_id) REFERENCES principals(client_id, principal_id),
  constraint plays_client_id_retired_by_user_id_fkey FOREIGN KEY (client_id, retired_by_user_id) REFERENCES principals(client_id, principal_id),
  constraint plays_client_id_revops_approver_user_id_fkey FOREIGN KEY (client_id, revops_approver_user_id) REFERENCES principals(client_id, principal_id),
  constraint plays_client_id_segment_fkey FOREIGN KEY (client_id, segment) REFERENCES segments(client_id, segment),
  constraint plays_client_id_slm_approver_user_id_fkey FOREIGN KEY (client_id, slm_approver_user_id) REFERENCES principals(client_id, principal_id),
  constraint plays_client_id_writer_agent_id_fkey FOREIGN KEY (client_id, writer_agent_id) REFERENCES brain_agents(client_id, agent_id),
  constraint plays_name_not_blank CHECK (length(btrim(name::text)) > 0),
  constraint plays_pkey PRIMARY KEY (play_id, client_id),
  constraint plays_retire_reason_check CHECK (retire_reason = ANY (ARRAY['completed'::text, 'replaced'::text, 'poor_performance'::text, 'rejected_at_review'::text, 'rejected_at_draft'::text, 'auto_sunset'::text])),
  constraint plays_retired_requires_reason CHECK (state <> 'retired'::text OR retire_reason IS NOT NULL AND retired_at IS NOT NULL),
  constraint plays_scope_check CHECK (scope = ANY (ARRAY['segment'::text, 'account_specific'::text])),
  constraint plays_scope_target CHECK (scope = 'segment'::text AND segment IS NOT NULL AND account_id IS NULL OR scope = 'account_specific'::text AND account_id IS NOT NULL),
  constraint plays_state_check CHECK (state = ANY (ARRAY['draft'::text, 'under_review'::text, 'active'::text, 'retired'::text])),
  constraint plays_success_criteria_shape CHECK (jsonb_typeof(success_criteria) = 'object'::text AND success_criteria <> '{}'::jsonb),
  constraint plays_suggested_cadence_shape CHECK (jsonb_typeof(suggested_cadence) = 'object'::text AND jsonb_typeof(suggested_cadence -> 'steps'::text) = 'array'::text AND jsonb_array_length(suggested_cadence -> 'steps'::text) >= 1 AND jsonb_array_length(suggested_cadence -> 'steps'::text) <= 20 AND ((suggested_cadence ->> 'cadence_type'::text) = ANY (ARRAY['sales'::text, 'nurture'::text, 'marketing'::text, 'abm'::text]))),
  constraint plays_target_definition_shape CHECK (jsonb_typeof(target_definition) = 'object'::text AND target_definition <> '{}'::jsonb)
);

create table plays_archive (
  play_id uuid default gen_random_uuid() not null,
  client_id text not null,
  state text default 'draft'::text not null,
  scope text not null,
  segment character varying(64),
  account_id uuid,
  name character varying(128) not null,
  hypothesis text not null,
  target_definition jsonb not null,
  suggested_cadence jsonb not null,
  success_criteria jsonb not null,
  originating_proposal_id uuid not null,
  writer_agent_id character varying(16) not null,
  created_at timestamp with time zone default now() not null,
  picked_up_by_user_id uuid,
  picked_up_at timestamp with time zone,
  edits_during_review jsonb,
  slm_approver_user_id uuid,
  slm_approved_at timestamp with time zone,
  revops_approver_user_id uuid,
  revops_approved_at timestamp with time zone,
  activated_at timestamp with time zone,
  active_period_start date,
  active_period_end date,
  retired_at timestamp with time zone,
  retired_by_user_id uuid,
  retire_reason text,
  retrospective_outcomes jsonb,
  copied_from_play_id uuid,
  updated_at timestamp with time zone default now() not null,
  archived_at timestamp with time zone default now() not null,
  constraint plays_archive_moved TRIGGER DEFERRABLE INITIALLY DEFERRED,
  constraint plays_archive_pkey PRIMARY KEY (play_id, client_id)
);

create table principals (
  principal_id uuid default gen_random_uuid() not null,
  client_id text not null,
  kind text not null,
  display_name text not null,
  email text,
  roles text[] default '{}'::text[] not null,
  agent_id character varying(16),
  manager_id uuid,
  created_at timestamp with time zone default now() not null,
  deactivated_at timestamp with time zone,
  booking_url text,
  crm_user_id text,
  constraint principals_agent_id_format CHECK (agent_id IS NULL OR agent_id::text ~ '^AGT-[0-9]{3,6}$'::text),
  constraint principals_booking_url_check CHECK (booking_url IS NULL OR booking_url ~ '^https://'::text AND length(booking_url) <= 500),
  constraint principals_client_id_agent_id_key UNIQUE (client_id, agent_id),
  constraint principals_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint principals_client_id_manager_id_fkey FOREIGN KEY (client_id, manager_id) REFERENCES principals(client_id, principal_id),
  constraint principals_crm_user_id_check CHECK (length(crm_user_id) >= 1 AND length(crm_user_id) <= 200),
  constraint principals_display_name_check CHECK (length(display_name) >= 1 AND length(display_name) <= 200),
  constraint principals_kind_check CHECK (kind = ANY (ARRAY['person'::text, 'agent'::text])),
  constraint principals_kind_shape CHECK (kind = 'person'::text AND agent_id IS NULL AND roles <@ ARRAY['revops'::text, 'slm'::text, 'exec'::text, 'rep'::text, 'admin'::text] OR kind = 'agent'::text AND agent_id IS NOT NULL AND roles <@ ARRAY['reply_triage'::text]),
  constraint principals_pkey PRIMARY KEY (principal_id, client_id),
  constraint principals_roles_known CHECK (roles <@ ARRAY['revops'::text, 'slm'::text, 'exec'::text, 'rep'::text, 'admin'::text, 'reply_triage'::text])
);
alter table principals alter column display_name set statistics 0;
alter table principals alter column email set statistics 0;
alter table principals alter column booking_url set statistics 0;
alter table principals alter column crm_user_id set statistics 0;

create table provider_inbox_messages (
  client_id text not null,
  mailbox_id uuid not null,
  provider_message_id text not null,
  uid bigint not null,
  first_seen_at timestamp with time zone default now() not null,
  constraint provider_inbox_messages_client_id_mailbox_id_fkey FOREIGN KEY (client_id, mailbox_id) REFERENCES mailbox_inboxes(client_id, id) ON DELETE CASCADE,
  constraint provider_inbox_messages_client_id_mailbox_id_uid_key UNIQUE (client_id, mailbox_id, uid),
  constraint provider_inbox_messages_pkey PRIMARY KEY (client_id, mailbox_id, provider_message_id),
  constraint provider_inbox_messages_provider_message_id_check CHECK (length(provider_message_id) <= 500),
  constraint provider_inbox_messages_uid_check CHECK (uid > 0)
);
alter table provider_inbox_messages alter column provider_message_id set statistics 0;

create unlogged table rate_limit_buckets (
  client_id text not null,
  principal_id uuid not null,
  tokens double precision not null,
  at timestamp with time zone not null,
  granted boolean not null,
  constraint rate_limit_buckets_client_id_principal_id_fkey FOREIGN KEY (client_id, principal_id) REFERENCES principals(client_id, principal_id) ON DELETE CASCADE,
  constraint rate_limit_buckets_pkey PRIMARY KEY (client_id, principal_id),
  constraint rate_limit_buckets_tokens_check CHECK (tokens >= 0::double precision)
);

create table reply_automation_classes (
  client_id text not null,
  intent text not null,
  language text not null,
  state text default 'closed'::text not null,
  min_confidence real not null,
  decided integer default 0 not null,
  agreed integer default 0 not null,
  acted integer default 0 not null,
  spot_check_every integer default 10 not null,
  opened_at timestamp with time zone,
  closed_at timestamp with time zone,
  closed_by uuid,
  updated_at timestamp with time zone not null,
  constraint reply_automation_classes_by_hand_check CHECK (state <> 'closed_by_hand'::text OR closed_by IS NOT NULL),
  constraint reply_automation_classes_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint reply_automation_classes_closed_by_fkey FOREIGN KEY (client_id, closed_by) REFERENCES principals(client_id, principal_id),
  constraint reply_automation_classes_confidence_check CHECK (min_confidence > 0::double precision AND min_confidence <= 1::double precision),
  constraint reply_automation_classes_intent_check CHECK (intent = ANY (ARRAY['interested'::text, 'meeting'::text, 'not_interested'::text, 'out_of_office'::text, 'later'::text])),
  constraint reply_automation_classes_language_check CHECK (language ~ '^[a-z]{2,3}$'::text),
  constraint reply_automation_classes_pkey PRIMARY KEY (client_id, intent, language),
  constraint reply_automation_classes_spot_check_check CHECK (spot_check_every >= 2 AND spot_check_every <= 1000),
  constraint reply_automation_classes_state_check CHECK (state = ANY (ARRAY['closed'::text, 'open'::text, 'closed_by_hand'::text])),
  constraint reply_automation_classes_tally_check CHECK (agreed >= 0 AND agreed <= decided)
);

create table reply_model_versions (
  client_id text not null,
  version integer not null,
  base_digest text not null,
  compared_with integer,
  trained_on integer not null,
  held_out integer not null,
  candidate_correct integer not null,
  current_correct integer not null,
  candidate_accuracy real not null,
  current_accuracy real not null,
  candidate_wrong_alone integer not null,
  current_wrong_alone integer not null,
  candidate_stop_missed integer not null,
  current_stop_missed integer not null,
  kept boolean not null,
  reason text,
  model jsonb,
  training_ms integer not null,
  created_at timestamp with time zone not null,
  constraint reply_model_versions_base_digest_check CHECK (base_digest ~ '^[0-9a-f]{64}$'::text),
  constraint reply_model_versions_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint reply_model_versions_held_out_check CHECK (held_out >= 0),
  constraint reply_model_versions_kept_check CHECK (kept AND reason IS NULL AND model IS NOT NULL OR NOT kept AND reason IS NOT NULL AND model IS NULL),
  constraint reply_model_versions_pkey PRIMARY KEY (client_id, version),
  constraint reply_model_versions_reason_check CHECK (reason = ANY (ARRAY['not_better_on_held_out'::text, 'misses_more_stop_requests'::text, 'more_wrong_alone'::text])),
  constraint reply_model_versions_trained_on_check CHECK (trained_on >= 0),
  constraint reply_model_versions_version_check CHECK (version > 0)
);

create table sales_send_queue (
  id uuid default gen_random_uuid() not null,
  client_id text not null,
  contact_id uuid not null,
  campaign_id uuid not null,
  enrollment_id uuid not null,
  step_number integer not null,
  channel text not null,
  staged_draft_id uuid,
  scheduled_at timestamp with time zone not null,
  sent_at timestamp with time zone,
  status text default 'pending'::text not null,
  error text,
  idempotency_key text not null,
  attempts integer default 0 not null,
  play_id uuid,
  originating_proposal_id uuid,
  created_at timestamp with time zone default now() not null,
  updated_at timestamp with time zone default now() not null,
  claimed_by text,
  claimed_until timestamp with time zone,
  variant text,
  constraint sales_send_queue_channel_check CHECK (channel = ANY (ARRAY['email'::text, 'linkedin'::text, 'phone'::text])),
  constraint sales_send_queue_client_id_staged_draft_id_fkey FOREIGN KEY (client_id, staged_draft_id) REFERENCES staged_drafts(client_id, id),
  constraint sales_send_queue_idempotency_key_key UNIQUE (idempotency_key, client_id),
  constraint sales_send_queue_pkey PRIMARY KEY (id, client_id),
  constraint sales_send_queue_status_check CHECK (status = ANY (ARRAY['pending'::text, 'drafted'::text, 'approved'::text, 'sent'::text, 'failed'::text, 'cancelled'::text]))
) with (fillfactor=80, autovacuum_vacuum_scale_factor=0.02, autovacuum_analyze_scale_factor=0.02);
alter table sales_send_queue alter column error set statistics 0;

create table segments (
  client_id text not null,
  segment character varying(64) not null,
  name text not null,
  play_cap integer,
  auto_sunset boolean default false not null,
  created_at timestamp with time zone default now() not null,
  account_weekly_touch_cap integer,
  constraint segments_account_weekly_touch_cap_check CHECK (account_weekly_touch_cap >= 1 AND account_weekly_touch_cap <= 1000),
  constraint segments_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint segments_pkey PRIMARY KEY (client_id, segment),
  constraint segments_play_cap_check CHECK (play_cap >= 3 AND play_cap <= 8),
  constraint segments_segment_check CHECK (segment::text ~ '^[a-z0-9][a-z0-9_]{0,63}$'::text)
);

create table sender_identities (
  client_id text not null,
  company_name text not null,
  postal_address text not null,
  updated_at timestamp with time zone default now() not null,
  updated_by_principal_id uuid,
  constraint sender_identities_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint sender_identities_client_id_updated_by_principal_id_fkey FOREIGN KEY (client_id, updated_by_principal_id) REFERENCES principals(client_id, principal_id),
  constraint sender_identities_company_name_check CHECK (length(btrim(company_name)) >= 1 AND length(btrim(company_name)) <= 200),
  constraint sender_identities_pkey PRIMARY KEY (client_id),
  constraint sender_identities_postal_address_check CHECK (length(btrim(postal_address)) >= 10 AND length(btrim(postal_address)) <= 500)
);

create table sessions (
  session_id uuid default gen_random_uuid() not null,
  client_id text not null,
  principal_id uuid not null,
  id_hash text not null,
  csrf_token text not null,
  method text not null,
  created_at timestamp with time zone default now() not null,
  last_seen_at timestamp with time zone default now() not null,
  expires_at timestamp with time zone not null,
  revoked_at timestamp with time zone,
  ip text,
  user_agent text,
  constraint sessions_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint sessions_client_id_id_hash_key UNIQUE (client_id, id_hash),
  constraint sessions_client_id_principal_id_fkey FOREIGN KEY (client_id, principal_id) REFERENCES principals(client_id, principal_id),
  constraint sessions_method_check CHECK (method = ANY (ARRAY['oidc'::text, 'email_link'::text, 'demo'::text])),
  constraint sessions_pkey PRIMARY KEY (client_id, session_id)
);
alter table sessions alter column ip set statistics 0;
alter table sessions alter column user_agent set statistics 0;

create table sign_in_throttle (
  bucket text not null,
  window_start timestamp with time zone not null,
  attempts integer default 0 not null,
  constraint sign_in_throttle_pkey PRIMARY KEY (bucket, window_start)
);

create table signal_actions (
  client_id text not null,
  action_id uuid default gen_random_uuid() not null,
  kind text not null,
  subject text not null,
  contact_id uuid,
  account_id uuid,
  note text,
  due_at timestamp with time zone,
  acted_at timestamp with time zone not null,
  acted_by_principal_id uuid not null,
  done_at timestamp with time zone,
  constraint signal_actions_client_id_account_id_fkey FOREIGN KEY (client_id, account_id) REFERENCES accounts(client_id, account_id),
  constraint signal_actions_client_id_acted_by_principal_id_fkey FOREIGN KEY (client_id, acted_by_principal_id) REFERENCES principals(client_id, principal_id),
  constraint signal_actions_client_id_contact_id_fkey FOREIGN KEY (client_id, contact_id) REFERENCES contacts(client_id, contact_id),
  constraint signal_actions_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint signal_actions_kind_check CHECK (kind = ANY (ARRAY['dismiss'::text, 'task'::text])),
  constraint signal_actions_note_check CHECK (length(note) <= 500),
  constraint signal_actions_pkey PRIMARY KEY (client_id, action_id),
  constraint signal_actions_subject_check CHECK (subject = ANY (ARRAY['contact'::text, 'account'::text])),
  constraint signal_actions_subject_known CHECK (subject = 'contact'::text AND contact_id IS NOT NULL OR subject = 'account'::text AND account_id IS NOT NULL AND contact_id IS NULL)
);
alter table signal_actions alter column note set statistics 0;

create table signal_page_rules (
  client_id text not null,
  rule_id uuid default gen_random_uuid() not null,
  kind text default 'page'::text not null,
  pattern text not null,
  type text not null,
  position integer default 100 not null,
  created_at timestamp with time zone default now() not null,
  constraint signal_page_rules_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint signal_page_rules_client_id_type_fkey FOREIGN KEY (client_id, type) REFERENCES signal_types(client_id, name),
  constraint signal_page_rules_kind_check CHECK (kind = ANY (ARRAY['page'::text, 'track'::text])),
  constraint signal_page_rules_pattern_check CHECK (length(pattern) >= 1 AND length(pattern) <= 300),
  constraint signal_page_rules_pattern_key UNIQUE (client_id, kind, pattern),
  constraint signal_page_rules_pkey PRIMARY KEY (client_id, rule_id),
  constraint signal_page_rules_position_check CHECK ("position" >= 0 AND "position" <= 100000)
);

create table signal_sources (
  client_id text not null,
  source_id uuid default gen_random_uuid() not null,
  kind text not null,
  name text not null,
  secret_sealed text not null,
  max_age_s integer default 3600 not null,
  created_by_principal_id uuid,
  created_at timestamp with time zone default now() not null,
  last_event_at timestamp with time zone,
  events_count bigint default 0 not null,
  refused_count bigint default 0 not null,
  last_refusal text,
  constraint signal_sources_client_id_created_by_principal_id_fkey FOREIGN KEY (client_id, created_by_principal_id) REFERENCES principals(client_id, principal_id),
  constraint signal_sources_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint signal_sources_kind_check CHECK (kind = ANY (ARRAY['segment'::text, 'rudderstack'::text])),
  constraint signal_sources_last_refusal_check CHECK (length(last_refusal) <= 200),
  constraint signal_sources_max_age_s_check CHECK (max_age_s >= 60 AND max_age_s <= 86400),
  constraint signal_sources_name_check CHECK (name ~ '^[a-z0-9][a-z0-9_.:-]{0,63}$'::text),
  constraint signal_sources_name_key UNIQUE (client_id, name),
  constraint signal_sources_pkey PRIMARY KEY (client_id, source_id)
);

create table signal_type_defaults (
  client_id text not null,
  name text not null,
  offered_at timestamp with time zone default now() not null,
  constraint signal_type_defaults_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint signal_type_defaults_pkey PRIMARY KEY (client_id, name)
);

create table signal_types (
  client_id text not null,
  name text not null,
  label text,
  side text not null,
  weight integer default 10 not null,
  half_life_days integer default 14 not null,
  account_reach text default 'none'::text not null,
  created_at timestamp with time zone default now() not null,
  updated_at timestamp with time zone default now() not null,
  constraint signal_types_account_reach_check CHECK (account_reach = ANY (ARRAY['none'::text, 'all_contacts'::text])),
  constraint signal_types_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint signal_types_half_life_days_check CHECK (half_life_days >= 1 AND half_life_days <= 3650),
  constraint signal_types_label_check CHECK (length(label) >= 1 AND length(label) <= 120),
  constraint signal_types_name_check CHECK (name ~ '^[a-z][a-z0-9_]{0,63}$'::text),
  constraint signal_types_pkey PRIMARY KEY (client_id, name),
  constraint signal_types_side_check CHECK (side = ANY (ARRAY['sales'::text, 'marketing'::text])),
  constraint signal_types_weight_check CHECK (weight >= 0 AND weight <= 100)
);

create table signal_visitor_events (
  client_id text not null,
  event_id uuid default gen_random_uuid() not null,
  source text not null,
  anonymous_id text not null,
  type text not null,
  occurred_at timestamp with time zone not null,
  received_at timestamp with time zone not null,
  external_id text not null,
  attributes jsonb default '{}'::jsonb not null,
  evidence_url text,
  constraint signal_visitor_events_anonymous_len CHECK (length(anonymous_id) >= 1 AND length(anonymous_id) <= 200),
  constraint signal_visitor_events_attributes_check CHECK (jsonb_typeof(attributes) = 'object'::text AND length(attributes::text) <= 8192),
  constraint signal_visitor_events_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint signal_visitor_events_dedup_key UNIQUE (client_id, source, external_id),
  constraint signal_visitor_events_evidence_url_check CHECK (evidence_url ~ '^https?://'::text AND length(evidence_url) <= 2000),
  constraint signal_visitor_events_external_id_check CHECK (length(external_id) >= 1 AND length(external_id) <= 200),
  constraint signal_visitor_events_pkey PRIMARY KEY (client_id, event_id),
  constraint signal_visitor_events_source_check CHECK (source ~ '^[a-z0-9][a-z0-9_.:-]{0,63}$'::text)
);
alter table signal_visitor_events alter column anonymous_id set statistics 0;
alter table signal_visitor_events alter column external_id set statistics 0;
alter table signal_visitor_events alter column attributes set statistics 0;
alter table signal_visitor_events alter column evidence_url set statistics 0;

create table signals (
  client_id text not null,
  signal_id uuid default gen_random_uuid() not null,
  type text not null,
  subject text not null,
  contact_id uuid,
  account_id uuid,
  email text,
  email_key text generated always as (baton_email_key(email)) stored,
  domain text,
  occurred_at timestamp with time zone not null,
  received_at timestamp with time zone not null,
  source text not null,
  external_id text not null,
  attributes jsonb default '{}'::jsonb not null,
  evidence_url text,
  recorded_by_principal_id uuid,
  resolved_at timestamp with time zone,
  constraint signals_attributes_check CHECK (jsonb_typeof(attributes) = 'object'::text AND length(attributes::text) <= 8192),
  constraint signals_client_id_account_id_fkey FOREIGN KEY (client_id, account_id) REFERENCES accounts(client_id, account_id),
  constraint signals_client_id_contact_id_fkey FOREIGN KEY (client_id, contact_id) REFERENCES contacts(client_id, contact_id),
  constraint signals_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint signals_client_id_recorded_by_principal_id_fkey FOREIGN KEY (client_id, recorded_by_principal_id) REFERENCES principals(client_id, principal_id),
  constraint signals_client_id_type_fkey FOREIGN KEY (client_id, type) REFERENCES signal_types(client_id, name),
  constraint signals_dedup_key UNIQUE (client_id, source, external_id),
  constraint signals_domain_check CHECK (domain = lower(domain) AND length(domain) <= 253),
  constraint signals_email_check CHECK (length(email) <= 320),
  constraint signals_evidence_url_check CHECK (evidence_url ~ '^https?://'::text AND length(evidence_url) <= 2000),
  constraint signals_external_id_check CHECK (length(external_id) >= 1 AND length(external_id) <= 200),
  constraint signals_pkey PRIMARY KEY (client_id, signal_id),
  constraint signals_source_check CHECK (source ~ '^[a-z0-9][a-z0-9_.:-]{0,63}$'::text),
  constraint signals_subject_check CHECK (subject = ANY (ARRAY['contact'::text, 'account'::text])),
  constraint signals_subject_known CHECK (subject = 'contact'::text AND (contact_id IS NOT NULL OR email IS NOT NULL) OR subject = 'account'::text AND contact_id IS NULL AND (account_id IS NOT NULL OR domain IS NOT NULL))
);
alter table signals alter column email set statistics 0;
alter table signals alter column email_key set statistics 0;
alter table signals alter column domain set statistics 0;
alter table signals alter column external_id set statistics 0;
alter table signals alter column attributes set statistics 0;
alter table signals alter column evidence_url set statistics 0;

create table staged_drafts (
  id uuid default gen_random_uuid() not null,
  client_id text not null,
  send_item_id uuid,
  channel text not null,
  to_id text not null,
  subject text,
  body text not null,
  original_body text,
  context jsonb not null,
  requires_personal_send boolean default false not null,
  status text default 'pending'::text not null,
  drafted_by text not null,
  decided_by_user_id uuid,
  decided_at timestamp with time zone,
  reject_reason text,
  created_at timestamp with time zone default now() not null,
  constraint staged_drafts_channel_check CHECK (channel = ANY (ARRAY['email'::text, 'linkedin'::text, 'phone'::text])),
  constraint staged_drafts_client_id_decided_by_user_id_fkey FOREIGN KEY (client_id, decided_by_user_id) REFERENCES principals(client_id, principal_id),
  constraint staged_drafts_item_tenant TRIGGER DEFERRABLE INITIALLY DEFERRED,
  constraint staged_drafts_pkey PRIMARY KEY (id, client_id),
  constraint staged_drafts_status_check CHECK (status = ANY (ARRAY['pending'::text, 'approved'::text, 'rejected'::text, 'cancelled'::text]))
);
alter table staged_drafts alter column to_id set statistics 0;
alter table staged_drafts alter column subject set statistics 0;
alter table staged_drafts alter column body set statistics 0;
alter table staged_drafts alter column original_body set statistics 0;
alter table staged_drafts alter column context set statistics 0;
alter table staged_drafts alter column reject_reason set statistics 0;

create table suppressions (
  id uuid default gen_random_uuid() not null,
  client_id text not null,
  kind text not null,
  value text not null,
  reason text not null,
  source text not null,
  created_by_principal_id uuid,
  created_at timestamp with time zone default now() not null,
  constraint suppressions_client_id_created_by_principal_id_fkey FOREIGN KEY (client_id, created_by_principal_id) REFERENCES principals(client_id, principal_id),
  constraint suppressions_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint suppressions_kind_check CHECK (kind = ANY (ARRAY['email'::text, 'domain'::text, 'email_hash'::text])),
  constraint suppressions_pkey PRIMARY KEY (client_id, id),
  constraint suppressions_reason_check CHECK (length(reason) >= 1 AND length(reason) <= 200),
  constraint suppressions_source_check CHECK (source = ANY (ARRAY['manual'::text, 'import'::text, 'bounce'::text, 'erasure'::text, 'unsubscribe'::text, 'complaint'::text, 'api'::text])),
  constraint suppressions_value_check CHECK (length(value) >= 1 AND length(value) <= 320),
  constraint suppressions_value_uniq UNIQUE (client_id, kind, value)
);
alter table suppressions alter column value set statistics 0;

create table team_members (
  client_id text not null,
  team_id uuid not null,
  principal_id uuid not null,
  role text not null,
  added_at timestamp with time zone default now() not null,
  constraint team_members_client_id_principal_id_fkey FOREIGN KEY (client_id, principal_id) REFERENCES principals(client_id, principal_id) ON DELETE CASCADE,
  constraint team_members_client_id_team_id_fkey FOREIGN KEY (client_id, team_id) REFERENCES teams(client_id, team_id) ON DELETE CASCADE,
  constraint team_members_pkey PRIMARY KEY (client_id, team_id, principal_id),
  constraint team_members_role_check CHECK (role = ANY (ARRAY['manager'::text, 'member'::text]))
);

create table team_round_robin (
  client_id text not null,
  team_id uuid not null,
  last_principal_id uuid,
  assigned bigint default 0 not null,
  updated_at timestamp with time zone default now() not null,
  constraint team_round_robin_client_id_last_principal_id_fkey FOREIGN KEY (client_id, last_principal_id) REFERENCES principals(client_id, principal_id),
  constraint team_round_robin_client_id_team_id_fkey FOREIGN KEY (client_id, team_id) REFERENCES teams(client_id, team_id) ON DELETE CASCADE,
  constraint team_round_robin_pkey PRIMARY KEY (client_id, team_id)
);

create table teams (
  client_id text not null,
  team_id uuid default gen_random_uuid() not null,
  name text not null,
  description text,
  created_at timestamp with time zone default now() not null,
  constraint teams_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint teams_description_check CHECK (length(description) <= 500),
  constraint teams_name_check CHECK (length(btrim(name)) >= 1 AND length(btrim(name)) <= 80),
  constraint teams_pkey PRIMARY KEY (client_id, team_id)
);

create table territories (
  client_id text not null,
  territory_id uuid default gen_random_uuid() not null,
  name text not null,
  team_id uuid not null,
  priority integer not null,
  definition jsonb not null,
  created_at timestamp with time zone default now() not null,
  updated_at timestamp with time zone default now() not null,
  constraint territories_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients(client_id),
  constraint territories_client_id_team_id_fkey FOREIGN KEY (client_id, team_id) REFERENCES teams(client_id, team_id),
  constraint territories_definition_check CHECK (jsonb_typeof(definition) = 'object'::text AND ((definition ->> 'kind'::text) = ANY (ARRAY['segment'::text, 'accounts'::text, 'rule'::text]))),
  constraint territories_name_check CHECK (length(btrim(name)) >= 1 AND length(btrim(name)) <= 80),
  constraint territories_pkey PRIMARY KEY (client_id, territory_id),
  constraint territories_priority_check CHECK (priority >= 1 AND priority <= 10000)
);

create table test_send_takes (
  client_id text not null,
  take_id uuid default gen_random_uuid() not null,
  principal_id uuid not null,
  taken_at timestamp with time zone not null,
  constraint test_send_takes_client_id_principal_id_fkey FOREIGN KEY (client_id, principal_id) REFERENCES principals(client_id, principal_id) ON DELETE CASCADE,
  constraint test_send_takes_pkey PRIMARY KEY (client_id, take_id)
);

-- indexes

CREATE INDEX accounts_capped_idx ON public.accounts USING btree (client_id) WHERE (weekly_touch_cap IS NOT NULL);

CREATE INDEX accounts_domain_search_idx ON public.accounts USING btree (client_id, lower(domain) COLLATE "C");

CREATE INDEX accounts_name_search_idx ON public.accounts USING btree (client_id, lower(name) COLLATE "C", account_id);

CREATE INDEX accounts_owner_idx ON public.accounts USING btree (client_id, owner_principal_id) WHERE (owner_principal_id IS NOT NULL);

CREATE INDEX accounts_segment_idx ON public.accounts USING btree (client_id, segment);

CREATE INDEX agent_approval_requests_agent_idx ON public.agent_approval_requests USING btree (client_id, agent_principal_id, play_id, created_at DESC);

CREATE INDEX agent_approval_requests_pending_idx ON public.agent_approval_requests USING btree (client_id, created_at) WHERE (status = 'pending'::text);

CREATE INDEX agent_approval_requests_reply_idx ON public.agent_approval_requests USING btree (client_id, agent_principal_id, reply_id, created_at DESC) WHERE (reply_id IS NOT NULL);

CREATE INDEX agent_approval_requests_running_idx ON public.agent_approval_requests USING btree (decided_at) WHERE (status = 'running'::text);

CREATE INDEX api_tokens_principal_idx ON public.api_tokens USING btree (client_id, principal_id);

CREATE INDEX attio_webhook_deliveries_body_idx ON public.attio_webhook_deliveries USING btree (client_id, webhook_id, body_sha256, received_at);

CREATE INDEX attio_webhooks_id_idx ON public.attio_webhooks USING btree (id);

CREATE INDEX audit_log_action_idx ON public.audit_log USING btree (client_id, action, audit_id);

CREATE INDEX audit_log_actor_idx ON public.audit_log USING btree (client_id, actor_principal_id, audit_id) WHERE (actor_principal_id IS NOT NULL);

CREATE INDEX audit_log_at_idx ON public.audit_log USING btree (client_id, at);

CREATE INDEX cadence_event_log_account_touch_idx ON public.cadence_event_log USING btree (client_id, account_id, occurred_at) INCLUDE (sequence_type) WHERE ((event_type = 'touch'::text) AND (account_id IS NOT NULL));

CREATE INDEX cadence_event_log_contact_page_idx ON public.cadence_event_log USING btree (client_id, contact_id, event_id) WHERE (contact_id IS NOT NULL);

CREATE INDEX cadence_event_log_no_contact_page_idx ON public.cadence_event_log USING btree (client_id, event_id) WHERE (contact_id IS NULL);

CREATE INDEX cadence_event_log_play_page_idx ON public.cadence_event_log USING btree (client_id, play_id, event_id) WHERE (play_id IS NOT NULL);

CREATE INDEX cadence_event_log_proposal_page_idx ON public.cadence_event_log USING btree (client_id, originating_proposal_id, event_id) WHERE (originating_proposal_id IS NOT NULL);

CREATE INDEX cadence_event_log_reason_page_idx ON public.cadence_event_log USING btree (client_id, suppressed_reason, event_id) WHERE (suppressed_reason IS NOT NULL);

CREATE INDEX cadence_event_log_time_brin ON public.cadence_event_log USING brin (occurred_at, xact) WITH (autosummarize='on');

CREATE INDEX cadence_event_log_touch_idx ON public.cadence_event_log USING btree (client_id, contact_id, occurred_at) INCLUDE (sequence_type) WHERE (event_type = 'touch'::text);

CREATE INDEX cadence_event_log_type_page_idx ON public.cadence_event_log USING btree (client_id, event_type, event_id);

CREATE UNIQUE INDEX campaign_contacts_active_uniq ON public.campaign_contacts USING btree (contact_id, campaign_id, client_id) WHERE (status = ANY (ARRAY['queued'::text, 'active'::text, 'paused'::text]));

CREATE INDEX campaign_contacts_campaign_idx ON public.campaign_contacts USING btree (client_id, campaign_id, status);

CREATE INDEX campaign_contacts_contact_idx ON public.campaign_contacts USING btree (client_id, contact_id);

CREATE INDEX campaign_contacts_due_idx ON public.campaign_contacts USING btree (next_send_at, id) WHERE ((status = ANY (ARRAY['queued'::text, 'active'::text, 'paused'::text])) AND (next_send_at IS NOT NULL));

CREATE INDEX campaign_contacts_exited_idx ON public.campaign_contacts USING btree (client_id, exited_at) WHERE (exited_at IS NOT NULL);

CREATE INDEX campaign_contacts_finished_idx ON public.campaign_contacts USING btree (client_id, id) WHERE ((status = 'active'::text) AND (next_send_at IS NULL));

CREATE INDEX campaign_contacts_live_contact_idx ON public.campaign_contacts USING btree (contact_id) WHERE (status = ANY (ARRAY['queued'::text, 'active'::text, 'paused'::text]));

CREATE INDEX campaign_contacts_paused_idx ON public.campaign_contacts USING btree (client_id, paused_until) WHERE (status = 'paused'::text);

CREATE INDEX campaign_handoffs_open_idx ON public.campaign_handoffs USING btree (client_id, created_at) WHERE (status = 'open'::text);

CREATE INDEX campaign_replies_contact_idx ON public.campaign_replies USING btree (client_id, contact_id, received_at DESC);

CREATE INDEX campaign_replies_decided_idx ON public.campaign_replies USING btree (client_id, decided_at, id) WHERE (triage = 'decided'::text);

CREATE INDEX campaign_replies_language_idx ON public.campaign_replies USING btree (client_id, language);

CREATE INDEX campaign_replies_triage_idx ON public.campaign_replies USING btree (client_id, received_at, id) WHERE (triage = 'pending'::text);

CREATE INDEX campaigns_personal_send_at_once_idx ON public.campaigns USING btree (client_id, id) WHERE (personal_send = 'at_once'::text);

CREATE INDEX campaigns_team_idx ON public.campaigns USING btree (client_id, team_id) WHERE (team_id IS NOT NULL);

CREATE INDEX channel_deliveries_client_idx ON public.channel_deliveries USING btree (client_id, created_at DESC);

CREATE INDEX channel_deliveries_contact_idx ON public.channel_deliveries USING btree (client_id, contact_id, created_at) WHERE (contact_id IS NOT NULL);

CREATE INDEX channel_deliveries_mailbox_idx ON public.channel_deliveries USING btree (client_id, mailbox, created_at DESC);

CREATE INDEX channel_deliveries_message_id_idx ON public.channel_deliveries USING btree (client_id, message_id) WHERE (message_id IS NOT NULL);

CREATE INDEX contacts_account_idx ON public.contacts USING btree (client_id, account_id);

CREATE INDEX contacts_email_domain_idx ON public.contacts USING btree (client_id, email_domain);

CREATE INDEX contacts_email_idx ON public.contacts USING btree (client_id, lower(email));

CREATE INDEX contacts_email_key_idx ON public.contacts USING btree (client_id, email_key);

CREATE INDEX contacts_email_search_idx ON public.contacts USING btree (client_id, lower(email) COLLATE "C");

CREATE INDEX contacts_name_search_idx ON public.contacts USING btree (client_id, lower(full_name) COLLATE "C", contact_id);

CREATE INDEX contacts_owner_idx ON public.contacts USING btree (client_id, owner_principal_id) WHERE (owner_principal_id IS NOT NULL);

CREATE INDEX coordinator_flags_list_idx ON public.coordinator_flags USING btree (client_id, status, raised_at DESC);

CREATE UNIQUE INDEX coordinator_flags_open_uniq ON public.coordinator_flags USING btree (client_id, flag_type, dedup_key) WHERE (status = 'open'::text);

CREATE INDEX crm_activities_contact_idx ON public.crm_activities USING btree (client_id, crm_contact_id, occurred_at);

CREATE INDEX crm_oauth_tokens_account_idx ON public.crm_oauth_tokens USING btree (provider, account_ref) WHERE (account_ref IS NOT NULL);

CREATE INDEX crm_outbox_contact_idx ON public.crm_outbox USING btree (client_id, contact_id, id) WHERE (status = 'pending'::text);

CREATE INDEX crm_outbox_dead_idx ON public.crm_outbox USING btree (client_id, id) WHERE (status = 'dead'::text);

CREATE INDEX crm_outbox_pending_idx ON public.crm_outbox USING btree (next_attempt_at, id) WHERE (status = 'pending'::text);

CREATE INDEX crm_outbox_tenant_pending_idx ON public.crm_outbox USING btree (client_id, id) WHERE (status = 'pending'::text);

CREATE INDEX data_requests_contact_idx ON public.data_requests USING btree (client_id, contact_id);

CREATE UNIQUE INDEX data_requests_one_per_reply ON public.data_requests USING btree (client_id, reply_id) WHERE (reply_id IS NOT NULL);

CREATE INDEX data_requests_open_idx ON public.data_requests USING btree (client_id, due_at) WHERE (status = 'open'::text);

CREATE INDEX email_sign_in_links_code_idx ON public.email_sign_in_links USING btree (code_hash);

CREATE INDEX engine_drafting_tasks_open_idx ON public.engine_drafting_tasks USING btree (client_id, created_at) WHERE (status = 'open'::text);

CREATE INDEX engine_rep_tasks_at_once_idx ON public.engine_rep_tasks USING btree (client_id, enrollment_id) WHERE ((kind = 'personal_send'::text) AND (status = 'open'::text) AND (at_once_at IS NULL));

CREATE INDEX engine_rep_tasks_due_idx ON public.engine_rep_tasks USING btree (client_id, status, due_at, id);

CREATE UNIQUE INDEX engine_rep_tasks_one_open_follow_up ON public.engine_rep_tasks USING btree (client_id, contact_id) WHERE ((kind = 'signal_follow_up'::text) AND (status = 'open'::text));

CREATE INDEX engine_rep_tasks_open_idx ON public.engine_rep_tasks USING btree (client_id, assignee_role, status, created_at);

CREATE UNIQUE INDEX engine_rep_tasks_signal_action_key ON public.engine_rep_tasks USING btree (client_id, signal_action_id) WHERE (signal_action_id IS NOT NULL);

CREATE INDEX idempotency_keys_expires_at ON public.idempotency_keys USING btree (expires_at);

CREATE INDEX import_job_rows_action_idx ON public.import_job_rows USING btree (client_id, job_id, action, row_no);

CREATE INDEX import_jobs_running_idx ON public.import_jobs USING btree (heartbeat_at) WHERE (status = 'running'::text);

CREATE INDEX inbound_reviews_contact_idx ON public.inbound_reviews USING btree (client_id, contact_id);

CREATE INDEX inbound_reviews_pending_idx ON public.inbound_reviews USING btree (client_id, created_at) WHERE (status = 'pending'::text);

CREATE INDEX inbox_messages_complaints_idx ON public.inbox_messages USING btree (client_id, delivery_message_id) WHERE (kind = 'complaint'::text);

CREATE INDEX inbox_messages_message_idx ON public.inbox_messages USING btree (client_id, message_id);

CREATE INDEX inbox_messages_recent_idx ON public.inbox_messages USING btree (client_id, mailbox_id, processed_at DESC);

CREATE INDEX learning_retrospective_revisions_idx ON public.learning_retrospective_revisions USING btree (client_id, retrospective_id, revision_id);

CREATE INDEX mail_webhook_events_recent_idx ON public.mail_webhook_events USING btree (client_id, webhook_id, received_at DESC);

CREATE INDEX mail_webhook_tokens_seen_idx ON public.mail_webhook_tokens USING btree (webhook_id, seen_at);

CREATE INDEX mail_webhooks_id_idx ON public.mail_webhooks USING btree (id);

CREATE INDEX mailbox_connections_owner_idx ON public.mailbox_connections USING btree (client_id, owner_id);

CREATE INDEX mailbox_inboxes_claim_idx ON public.mailbox_inboxes USING btree (claimed_until) WHERE (status <> 'paused'::text);

CREATE INDEX meeting_webhooks_id_idx ON public.meeting_webhooks USING btree (id);

CREATE INDEX meetings_contact_idx ON public.meetings USING btree (client_id, contact_id);

CREATE INDEX meetings_review_pending_idx ON public.meetings USING btree (client_id, booked_at) WHERE (review_status = 'pending'::text);

CREATE INDEX notification_deliveries_due_idx ON public.notification_deliveries USING btree (client_id, next_attempt_at) WHERE (status = 'pending'::text);

CREATE INDEX notification_deliveries_webhook_idx ON public.notification_deliveries USING btree (client_id, webhook_id, created_at);

CREATE INDEX notification_outbox_client_idx ON public.notification_outbox USING btree (client_id, notification_id);

CREATE INDEX notification_outbox_recipient_idx ON public.notification_outbox USING btree (client_id, recipient_kind, recipient, notification_id);

CREATE INDEX oauth_access_token_issues_principal_idx ON public.oauth_access_token_issues USING btree (client_id, principal_id, issued_at);

CREATE INDEX oauth_grants_app_idx ON public.oauth_grants USING btree (client_id, app_id);

CREATE INDEX oauth_records_expires_idx ON public.oauth_records USING btree (expires_at) WHERE (expires_at IS NOT NULL);

CREATE INDEX oauth_records_uid_idx ON public.oauth_records USING btree (model, uid_hash) WHERE (uid_hash IS NOT NULL);

CREATE INDEX oauth_tokens_grant_idx ON public.oauth_tokens USING btree (client_id, grant_id);

CREATE INDEX oauth_tokens_hash_idx ON public.oauth_tokens USING btree (token_hash);

CREATE INDEX oidc_sign_in_states_hash_idx ON public.oidc_sign_in_states USING btree (state_hash);

CREATE INDEX plays_active_tenant_account_idx ON public.plays USING btree (client_id, account_id) WHERE ((state = 'active'::text) AND (account_id IS NOT NULL));

CREATE INDEX plays_active_tenant_segment_idx ON public.plays USING btree (client_id, segment) WHERE (state = 'active'::text);

CREATE INDEX plays_client_state_idx ON public.plays USING btree (client_id, state, created_at DESC);

CREATE INDEX plays_copied_from_idx ON public.plays USING btree (copied_from_play_id) WHERE (copied_from_play_id IS NOT NULL);

CREATE INDEX plays_idx1_active_segment ON public.plays USING btree (state, segment) WHERE (state = 'active'::text);

CREATE INDEX plays_idx2_active_account ON public.plays USING btree (state, account_id) WHERE ((state = 'active'::text) AND (account_id IS NOT NULL));

CREATE INDEX plays_idx3_pending ON public.plays USING btree (state, created_at DESC) WHERE (state = ANY (ARRAY['draft'::text, 'under_review'::text]));

CREATE INDEX plays_idx4_proposal ON public.plays USING btree (originating_proposal_id);

CREATE INDEX plays_idx5_writer ON public.plays USING btree (writer_agent_id, created_at DESC);

CREATE INDEX plays_archive_client_idx ON public.plays_archive USING btree (client_id, retired_at);

CREATE INDEX plays_archive_proposal_idx ON public.plays_archive USING btree (originating_proposal_id);

CREATE UNIQUE INDEX principals_crm_user_id_key ON public.principals USING btree (client_id, crm_user_id) WHERE (crm_user_id IS NOT NULL);

CREATE INDEX principals_person_email_idx ON public.principals USING btree (client_id, lower(email)) WHERE (kind = 'person'::text);

CREATE INDEX sales_send_queue_contact_idx ON public.sales_send_queue USING btree (client_id, contact_id);

CREATE INDEX sales_send_queue_due_idx ON public.sales_send_queue USING btree (scheduled_at, id) WHERE (status = 'approved'::text);

CREATE INDEX sales_send_queue_enrollment_idx ON public.sales_send_queue USING btree (enrollment_id, step_number);

CREATE INDEX sales_send_queue_status_idx ON public.sales_send_queue USING btree (client_id, status, scheduled_at);

CREATE INDEX sales_send_queue_unsent_contact_idx ON public.sales_send_queue USING btree (contact_id) WHERE (status = ANY (ARRAY['pending'::text, 'drafted'::text, 'approved'::text]));

CREATE INDEX sessions_id_hash_idx ON public.sessions USING btree (id_hash);

CREATE INDEX sessions_principal_idx ON public.sessions USING btree (client_id, principal_id) WHERE (revoked_at IS NULL);

CREATE INDEX signal_actions_account_idx ON public.signal_actions USING btree (client_id, account_id) WHERE (subject = 'account'::text);

CREATE INDEX signal_actions_contact_idx ON public.signal_actions USING btree (client_id, contact_id) WHERE (contact_id IS NOT NULL);

CREATE INDEX signal_visitor_events_received_idx ON public.signal_visitor_events USING btree (client_id, received_at);

CREATE INDEX signal_visitor_events_visitor_idx ON public.signal_visitor_events USING btree (client_id, source, anonymous_id);

CREATE INDEX signals_account_idx ON public.signals USING btree (client_id, account_id, occurred_at) WHERE (account_id IS NOT NULL);

CREATE INDEX signals_contact_idx ON public.signals USING btree (client_id, contact_id, occurred_at) WHERE (contact_id IS NOT NULL);

CREATE INDEX signals_occurred_idx ON public.signals USING btree (client_id, occurred_at);

CREATE INDEX signals_waiting_domain_idx ON public.signals USING btree (client_id, domain) WHERE ((subject = 'account'::text) AND (account_id IS NULL));

CREATE INDEX signals_waiting_email_idx ON public.signals USING btree (client_id, email_key) WHERE ((subject = 'contact'::text) AND (contact_id IS NULL));

CREATE INDEX staged_drafts_pending_idx ON public.staged_drafts USING btree (client_id, created_at DESC) WHERE (status = 'pending'::text);

CREATE INDEX team_members_principal_idx ON public.team_members USING btree (client_id, principal_id);

CREATE UNIQUE INDEX teams_name_key ON public.teams USING btree (client_id, lower(btrim(name)));

CREATE UNIQUE INDEX territories_name_key ON public.territories USING btree (client_id, lower(btrim(name)));

CREATE INDEX territories_team_idx ON public.territories USING btree (client_id, team_id);

CREATE INDEX test_send_takes_principal_idx ON public.test_send_takes USING btree (client_id, principal_id, taken_at);

-- views

create view plays_audit as
 SELECT p.play_id,
    p.client_id,
    p.state,
    p.scope,
    p.segment,
    p.account_id,
    p.name,
    p.hypothesis,
    p.target_definition,
    p.suggested_cadence,
    p.success_criteria,
    p.originating_proposal_id,
    p.writer_agent_id,
    p.created_at,
    p.picked_up_by_user_id,
    p.picked_up_at,
    p.edits_during_review,
    p.slm_approver_user_id,
    p.slm_approved_at,
    p.revops_approver_user_id,
    p.revops_approved_at,
    p.activated_at,
    p.active_period_start,
    p.active_period_end,
    p.retired_at,
    p.retired_by_user_id,
    p.retire_reason,
    p.retrospective_outcomes,
    p.copied_from_play_id,
    p.updated_at,
    NULL::timestamp with time zone AS archived_at
   FROM plays p
UNION ALL
 SELECT a.play_id,
    a.client_id,
    a.state,
    a.scope,
    a.segment,
    a.account_id,
    a.name,
    a.hypothesis,
    a.target_definition,
    a.suggested_cadence,
    a.success_criteria,
    a.originating_proposal_id,
    a.writer_agent_id,
    a.created_at,
    a.picked_up_by_user_id,
    a.picked_up_at,
    a.edits_during_review,
    a.slm_approver_user_id,
    a.slm_approved_at,
    a.revops_approver_user_id,
    a.revops_approved_at,
    a.activated_at,
    a.active_period_start,
    a.active_period_end,
    a.retired_at,
    a.retired_by_user_id,
    a.retire_reason,
    a.retrospective_outcomes,
    a.copied_from_play_id,
    a.updated_at,
    a.archived_at
   FROM plays_archive a;

-- functions

CREATE OR REPLACE FUNCTION public.baton_access_tokens_keep()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  if baton_owner_acting(tg_relid) then
    return new;
  end if;
  if tg_op = 'INSERT' and new.model <> 'AccessToken' then
    return new;
  end if;
  if tg_op = 'UPDATE' and old.model <> 'AccessToken' and new.model <> 'AccessToken' then
    return new;
  end if;
  if tg_op = 'UPDATE' and (to_jsonb(new) - 'consumed_at') = (to_jsonb(old) - 'consumed_at')
     and (old.consumed_at is null or new.consumed_at is not distinct from old.consumed_at) then
    return new;
  end if;
  perform baton_guard_raise('BG002', 'an access token is stored through baton_store_access_token only',
    jsonb_build_object('role', current_user, 'operation', lower(tg_op) || ' an access token of',
                       'table', tg_table_name));
  return null;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_active_plays_for_account(p_client text, p_account uuid, p_today date)
 RETURNS SETOF plays
 LANGUAGE plpgsql
 STABLE
AS $function$
begin
  return query
    select * from plays
    where state = 'active' and client_id = p_client and account_id = p_account
      and (active_period_end is null or active_period_end >= p_today) and active_period_start <= p_today
    order by activated_at;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_active_plays_for_segment(p_client text, p_segment text, p_today date)
 RETURNS SETOF plays
 LANGUAGE plpgsql
 STABLE
AS $function$
begin
  return query
    select * from plays
    where state = 'active' and client_id = p_client and segment = p_segment
      and (active_period_end is null or active_period_end >= p_today) and active_period_start <= p_today
    order by activated_at;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_advance_event_cursor(p_client text, p_consumer text)
 RETURNS bigint
 LANGUAGE plpgsql
AS $function$
declare
  v_from bigint;
  v_to bigint;
  v_rows bigint := 0;
  x record;
begin
  insert into event_log_cursors (client_id, consumer) values (p_client, p_consumer) on conflict do nothing;
  select c.horizon into v_from from event_log_cursors c
   where c.client_id = p_client and c.consumer = p_consumer for update;
  -- a statement of its own: its snapshot is taken after the lock, so a queued advance sees the
  -- horizon the one before it committed
  v_to := greatest(v_from, txid_snapshot_xmin(txid_current_snapshot()));
  if v_to = v_from then
    return 0;
  end if;
  if p_consumer = 'learning_rollup' then
    for x in select * from learning_rollup_rows(p_client, v_from, v_to) loop
      insert into learning_funnel_rollup as r (client_id, campaign_id, step_number, variant, week, metric, shard, n)
      values (p_client, x.campaign_id, x.step_number, x.variant, x.week, x.metric, 0, x.n)
      on conflict (client_id, campaign_id, step_number, variant, week, metric, shard)
        do update set n = r.n + excluded.n;
      v_rows := v_rows + 1;
    end loop;
  else
    for x in select * from event_log_daily_rows(p_client, v_from, v_to, null, null) loop
      insert into event_log_daily as r (client_id, day, kind, cohort, reason, action, n)
      values (p_client, x.day, x.kind, x.cohort, x.reason, x.action, x.n)
      on conflict (client_id, day, kind, cohort, reason, action) do update set n = r.n + excluded.n;
      v_rows := v_rows + 1;
    end loop;
  end if;
  update event_log_cursors set horizon = v_to, advanced_at = now()
   where client_id = p_client and consumer = p_consumer;
  return v_rows;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_archive_cold_plays(p_client text, p_cutoff timestamp with time zone, p_now timestamp with time zone)
 RETURNS TABLE(archived integer, kept_referenced integer)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  r record;
  v_now timestamptz := baton_plays_now();
  v_cutoff timestamptz := least(p_cutoff, v_now - interval '18 months');
  v_archived int := 0;
  v_kept int := 0;
begin
  set local baton.archiving = 'on';
  for r in select play_id from plays
           where client_id = p_client and state = 'retired' and retired_at < v_cutoff
           order by retired_at
  loop
    begin
      insert into plays_archive select p.*, v_now from plays p where p.client_id = p_client and p.play_id = r.play_id;
      delete from plays where client_id = p_client and play_id = r.play_id;
      v_archived := v_archived + 1;
    exception when foreign_key_violation then
      v_kept := v_kept + 1;
    end;
  end loop;
  set local baton.archiving = 'off';
  return query select v_archived, v_kept;
end $function$;
revoke execute on function baton_archive_cold_plays(p_client text, p_cutoff timestamp with time zone, p_now timestamp with time zone) from public;

CREATE OR REPLACE FUNCTION public.baton_audit_log_append_only()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  raise exception using errcode = 'BA001', message = 'audit_log is append-only',
    detail = json_build_object('operation', tg_op, 'table', tg_table_name)::text;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_bind_token(p_client text, p_token uuid, p_team uuid, p_territory uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  if (p_team is null) = (p_territory is null) then
    perform baton_guard_raise('BG002', 'a token is bound to one team or one territory',
      jsonb_build_object('role', session_user, 'operation', 'bind a token to no book or two in',
                         'table', 'api_tokens'));
  end if;
  if p_team is not null and not exists (
       select 1 from teams t where t.client_id = p_client and t.team_id = p_team) then
    perform baton_guard_raise('BG002', 'a token is bound to a team of its own tenant',
      jsonb_build_object('role', session_user, 'operation', 'bind a token to an unknown team in',
                         'table', 'api_tokens'));
  end if;
  if p_territory is not null and not exists (
       select 1 from territories t where t.client_id = p_client and t.territory_id = p_territory) then
    perform baton_guard_raise('BG002', 'a token is bound to a territory of its own tenant',
      jsonb_build_object('role', session_user, 'operation', 'bind a token to an unknown territory in',
                         'table', 'api_tokens'));
  end if;
  update api_tokens k
     set book_team_id = p_team, book_territory_id = p_territory
   where k.client_id = p_client and k.token_id = p_token
     and k.book_team_id is null and k.book_territory_id is null
     and k.revoked_at is null and k.created_at = now()
     and exists (select 1 from principals p
                  where p.client_id = p_client and p.principal_id = k.principal_id
                    and p.kind = 'agent' and p.deactivated_at is null);
  if not found then
    perform baton_guard_raise('BG002', 'only an agent''s token issued in this transaction is bound',
      jsonb_build_object('role', session_user, 'operation', 'bind an existing or a person''s token in',
                         'table', 'api_tokens'));
  end if;
end $function$;
revoke execute on function baton_bind_token(p_client text, p_token uuid, p_team uuid, p_territory uuid) from public;

CREATE OR REPLACE FUNCTION public.baton_book_allows(p_client text, p_actor uuid, p_contact uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_scope text;
  v_kind text;
  v_roles text[];
  v_owner uuid;
begin
  if p_actor is null or p_contact is null then
    return true;
  end if;
  select s.scope into v_scope from book_settings s where s.client_id = p_client;
  if v_scope is null or v_scope = 'tenant' then
    return true;
  end if;
  select p.kind, p.roles into v_kind, v_roles
    from principals p where p.client_id = p_client and p.principal_id = p_actor;
  if v_kind is distinct from 'person' or v_roles && array['revops', 'exec', 'admin'] then
    return true;
  end if;
  select c.owner_principal_id into v_owner
    from contacts c where c.client_id = p_client and c.contact_id = p_contact;
  if v_owner is null then
    return false;
  end if;
  if v_owner = p_actor then
    return true;
  end if;
  return exists (
    select 1
      from team_members me
      join team_members them on them.client_id = me.client_id and them.team_id = me.team_id
     where me.client_id = p_client and me.principal_id = p_actor
       and them.client_id = p_client and them.principal_id = v_owner
       and (v_scope = 'team' or me.role = 'manager'));
end $function$;

CREATE OR REPLACE FUNCTION public.baton_check_time_zone()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  if new.time_zone is not null then
    if new.time_zone !~ '^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$' then
      raise exception using errcode = 'BX001', message = 'unknown time zone',
        detail = json_build_object('time_zone', new.time_zone, 'table', tg_table_name)::text;
    end if;
    begin
      perform now() at time zone new.time_zone;
    exception when others then
      raise exception using errcode = 'BX001', message = 'unknown time zone',
        detail = json_build_object('time_zone', new.time_zone, 'table', tg_table_name)::text;
    end;
  end if;
  return new;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_clear_kept_out_statistics()
 RETURNS text[]
 LANGUAGE plpgsql
AS $function$
declare
  r record;
  clear_fn boolean := to_regproc('pg_catalog.pg_clear_attribute_stats') is not null;
  superuser boolean := coalesce((select rolsuper from pg_catalog.pg_roles where rolname = current_user), false);
  kept text[] := '{}';
begin
  for r in
    select c.oid, c.relname, n.nspname, a.attnum, a.attname
      from pg_catalog.pg_attribute a
      join pg_catalog.pg_class c on c.oid = a.attrelid
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where n.nspname = current_schema() and a.attnum > 0 and not a.attisdropped
       and a.attstattarget = 0 and c.relkind in ('r', 'p', 'i', 'm')
     order by c.relname, a.attnum
  loop
    if clear_fn then
      execute 'select pg_catalog.pg_clear_attribute_stats($1, $2, $3, b) from (values (false), (true)) v(b)'
        using r.nspname::text, r.relname::text, r.attname::text;
    elsif superuser then
      delete from pg_catalog.pg_statistic where starelid = r.oid and staattnum = r.attnum;
    elsif exists (select 1 from pg_catalog.pg_stats s
                   where s.schemaname = r.nspname and s.tablename = r.relname and s.attname = r.attname) then
      kept := kept || format('%s.%s', r.relname, r.attname);
    end if;
  end loop;
  return kept;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_contacts_active_sequence_tenant()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  if not exists (select 1 from campaign_contacts x where x.client_id = new.client_id and x.id = new.active_sequence_id) then
    raise exception using errcode = '23503', constraint = 'contacts_active_sequence_id_tenant',
      message = format('contacts.active_sequence_id names no enrollment of tenant %s', new.client_id),
      detail = json_build_object('table', 'contacts', 'column', 'active_sequence_id')::text;
  end if;
  return new;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_credentials_keep_columns()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_free text[] := case tg_table_name when 'sessions' then array['last_seen_at', 'revoked_at']
                                      else array['last_used_at', 'revoked_at', 'revoked_by'] end;
begin
  if baton_owner_acting(tg_relid) or (to_jsonb(new) - v_free) = (to_jsonb(old) - v_free) then
    return new;
  end if;
  perform baton_guard_raise('BG002', 'a session or token is written through its doors only',
    jsonb_build_object('role', current_user, 'operation', 'update the credential columns of', 'table', tg_table_name));
  return null;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_credentials_stay_revoked()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  if old.revoked_at is null or new.revoked_at is not distinct from old.revoked_at
     or baton_owner_acting(tg_relid) then
    return new;
  end if;
  if tg_table_name = 'api_tokens' then
    if old.label like 'demo:%' then
      return new;
    end if;
  end if;
  perform baton_guard_raise('BG002', 'a revoked session or token stays revoked',
    jsonb_build_object('role', current_user, 'operation', 'reopen a revoked credential in', 'table', tg_table_name));
  return null;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_crm_links_tenant_refs()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  if (new.kind = 'contact' and not exists (
        select 1 from contacts x where x.client_id = new.client_id and x.contact_id = new.baton_id))
     or (new.kind = 'deal' and not exists (
        select 1 from campaign_contacts x where x.client_id = new.client_id and x.id = new.baton_id))
     or (new.kind = 'company' and not exists (
        select 1 from accounts x where x.client_id = new.client_id and x.account_id = new.baton_id)) then
    raise exception using errcode = '23503', constraint = 'crm_links_baton_id_tenant',
      message = format('crm_links.baton_id names no %s of tenant %s', new.kind, new.client_id),
      detail = json_build_object('table', 'crm_links', 'column', 'baton_id')::text;
  end if;
  return new;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_crm_outbox_tenant_refs()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
declare
  t record;
  col text;
  k int := 0;
begin
  for t in select n.client_id, n.contact_id from new_rows n limit 2 loop
    k := k + 1;
  end loop;
  if k = 1 then
    select case
             when not exists (select 1 from clients x where x.client_id = t.client_id)
               then 'client_id'
             when not exists (select 1 from contacts x where x.client_id = t.client_id and x.contact_id = t.contact_id)
               then 'contact_id'
           end
      into col;
    if col is not null then
      perform baton_refuse_tenant_ref('crm_outbox', col, t.client_id);
    end if;
    return null;
  end if;
  for t in
    select n.client_id,
           array_agg(distinct n.contact_id) as contacts
      from new_rows n
     group by n.client_id
  loop
    select case
             when not exists (select 1 from clients x where x.client_id = t.client_id)
               then 'client_id'
             when (select count(*) from contacts x
                    where x.client_id = t.client_id and x.contact_id = any (t.contacts)) < cardinality(t.contacts)
               then 'contact_id'
           end
      into col;
    if col is not null then
      perform baton_refuse_tenant_ref('crm_outbox', col, t.client_id);
    end if;
  end loop;
  return null;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_domain_suffixes(domain text)
 RETURNS text[]
 LANGUAGE plpgsql
 IMMUTABLE PARALLEL SAFE
AS $function$
declare
  p text[] := string_to_array(domain, '.');
  r text[] := '{}';
begin
  for i in 1 .. coalesce(array_length(p, 1), 0) loop
    r := r || array_to_string(p[i:], '.');
  end loop;
  return r;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_email_domain(email text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
  select case when position('@' in coalesce(email, '')) = 0 then null
              else nullif(lower(btrim(substring(email from '@([^@]*)$'))), '') end
$function$;

CREATE OR REPLACE FUNCTION public.baton_email_key(email text)
 RETURNS text
 LANGUAGE plpgsql
 IMMUTABLE PARALLEL SAFE
AS $function$
declare
  e text := lower(btrim(email));
  v_local text;
  v_domain text;
begin
  if e is null or position('@' in e) = 0 then
    return null;
  end if;
  v_local := regexp_replace(e, '@[^@]*$', '');
  v_domain := substring(e from '@([^@]*)$');
  if v_domain = 'googlemail.com' then
    v_domain := 'gmail.com';
  end if;
  if v_domain in ('gmail.com') then
    v_local := replace(regexp_replace(v_local, '\+.*$', ''), '.', '');
  elsif v_domain in ('outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'icloud.com', 'me.com',
                     'mac.com', 'fastmail.com', 'fastmail.fm', 'protonmail.com', 'proton.me',
                     'pm.me', 'hey.com') then
    v_local := regexp_replace(v_local, '\+.*$', '');
  end if;
  return v_local || '@' || v_domain;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_erase_contacts(p_client text, p_contact_ids uuid[], p_marker text, p_erased_at timestamp with time zone)
 RETURNS TABLE(event_log_rows integer, event_log_swept integer, contacts integer)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_people int;
  v_linked text;
  v_sweep text;
  v_rows int := 0;
  v_swept int := 0;
  v_contacts int;
begin
  if p_marker !~ '^\[erased( [0-9a-f]{8})?\]$' then
    perform baton_guard_raise('BG003', 'the erasure marker is [erased] or [erased <8 hex digits>]',
      jsonb_build_object('marker', p_marker));
  end if;
  perform 1 from contacts c
   where c.client_id = p_client and c.contact_id = any(p_contact_ids) and c.erased_at is null
   order by c.contact_id for update;
  select count(distinct c.contact_id) into v_people from contacts c
   where c.client_id = p_client and c.contact_id = any(p_contact_ids) and c.erased_at is null;
  if v_people = 0 or v_people <> cardinality(array(select distinct unnest(p_contact_ids))) then
    perform baton_guard_raise('BG003', 'every contact to erase exists in the tenant and is not erased yet',
      jsonb_build_object('client_id', p_client, 'contacts', cardinality(p_contact_ids), 'found', v_people));
  end if;
  -- the linked rows lose the address, the profile, the name and each word of it; every other row
  -- of the tenant the address, the profile and the whole name (as the sweep does elsewhere)
  select baton_terms_pattern(array_agg(t.term)),
         baton_terms_pattern(array_agg(t.term) filter (where not t.token))
    into v_linked, v_sweep
    from contacts c
    cross join lateral (
      select x.term, x.token from (values (c.email, false), (c.email_key, false), (c.linkedin_url, false), (c.phone, false),
                                          (c.full_name, false)) x(term, token)
       where x.term is not null
      union all
      select w, true from regexp_split_to_table(c.full_name, '\s+') w
    ) t
   where c.client_id = p_client and c.contact_id = any(p_contact_ids);
  set local baton.erasure = 'on';
  if v_linked is not null then
    update cadence_event_log set details = regexp_replace(details::text, v_linked, '[erased]', 'gi')::jsonb
     where client_id = p_client and contact_id = any(p_contact_ids) and details::text ~* v_linked;
    get diagnostics v_rows = row_count;
  end if;
  if v_sweep is not null then
    update cadence_event_log
       set details = case when details::text ~* v_sweep
                          then regexp_replace(details::text, v_sweep, p_marker, 'gi')::jsonb else details end,
           resolution = case when resolution ~* v_sweep
                             then regexp_replace(resolution, v_sweep, p_marker, 'gi') else resolution end
     where client_id = p_client and (details::text ~* v_sweep or resolution ~* v_sweep);
    get diagnostics v_swept = row_count;
  end if;
  set local baton.erasure = 'off';
  update contacts set full_name = '[erased]', email = null, linkedin_url = null, phone = null, title = null,
         external_id = null,
         legal_basis_source = null, last_sales_signal = null, last_marketing_signal = null,
         active_sequence_id = null, erased_at = p_erased_at, updated_at = p_erased_at
   where client_id = p_client and contact_id = any(p_contact_ids);
  get diagnostics v_contacts = row_count;
  return query select v_rows, v_swept, v_contacts;
end $function$;
revoke execute on function baton_erase_contacts(p_client text, p_contact_ids uuid[], p_marker text, p_erased_at timestamp with time zone) from public;

CREATE OR REPLACE FUNCTION public.baton_event_log_keeps_parent()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
declare
  col text := tg_argv[0];
  what text;
begin
  if tg_level = 'STATEMENT' then
    -- TRUNCATE contacts: refused while any event names a contact
    if exists (select 1 from cadence_event_log where contact_id is not null) then
      what := 'rows (truncate)';
    end if;
  elsif col = 'contact_id' then
    if exists (select 1 from cadence_event_log e
                where e.client_id = old.client_id and e.contact_id = old.contact_id) then
      what := old.contact_id::text;
    end if;
  elsif exists (select 1 from cadence_event_log e where e.client_id = old.client_id) then
    what := old.client_id;
  end if;
  if what is not null then
    raise exception using errcode = '23503', constraint = 'cadence_event_log_' || col || '_tenant',
      message = format('%s %s named by events of cadence_event_log', tg_table_name, what),
      detail = json_build_object('table', 'cadence_event_log', 'column', col)::text;
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  return new;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_event_log_tenant_refs()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
declare
  t record;
  b record;
  col text;
  k int := 0;
begin
  for t in
    select n.client_id, n.contact_id, n.enrollment_id, n.campaign_id, n.account_id,
           n.actor_principal_id, n.send_item_id, n.play_id, n.originating_proposal_id,
           n.event_type
      from new_rows n limit 2
  loop
    k := k + 1;
  end loop;
  if k = 1 then
    select case
             when not exists (select 1 from clients x where x.client_id = t.client_id)
               then 'client_id'
             when t.contact_id is not null and not exists (
                    select 1 from contacts x where x.client_id = t.client_id and x.contact_id = t.contact_id)
               then 'contact_id'
             when t.enrollment_id is not null and not exists (
                    select 1 from campaign_contacts x where x.client_id = t.client_id and x.id = t.enrollment_id)
               then 'enrollment_id'
             when t.campaign_id is not null and not exists (
                    select 1 from campaigns x where x.client_id = t.client_id and x.id = t.campaign_id)
               then 'campaign_id'
             when t.account_id is not null and not exists (
                    select 1 from accounts x where x.client_id = t.client_id and x.account_id = t.account_id)
               then 'account_id'
             when t.actor_principal_id is not null and not exists (
                    select 1 from principals x where x.client_id = t.client_id and x.principal_id = t.actor_principal_id)
               then 'actor_principal_id'
             when t.send_item_id is not null and not exists (
                    select 1 from sales_send_queue x where x.client_id = t.client_id and x.id = t.send_item_id)
               then 'send_item_id'
             when t.play_id is not null and not exists (
                    select 1 from plays x where x.client_id = t.client_id and x.play_id = t.play_id)
               then 'play_id'
             when t.originating_proposal_id is not null and not exists (
                    select 1 from brain_proposals x
                     where x.client_id = t.client_id and x.proposal_id = t.originating_proposal_id)
               then 'originating_proposal_id'
             when t.actor_principal_id is not null and t.contact_id is not null and t.event_type <> 'opted_out'
                  and exists (select 1 from book_settings s where s.client_id = t.client_id and s.scope <> 'tenant')
               then 'book'
           end
      into col;
    if col = 'book' then
      if not baton_book_allows(t.client_id, t.actor_principal_id, t.contact_id) then
        perform baton_refuse_outside_book(t.contact_id, t.actor_principal_id, t.event_type);
      end if;
    elsif col is not null then
      perform baton_refuse_tenant_ref('cadence_event_log', col, t.client_id);
    end if;
    return null;
  end if;
  for t in
    select n.client_id,
           array_agg(distinct n.contact_id) filter (where n.contact_id is not null) as contacts,
           array_agg(distinct n.enrollment_id) filter (where n.enrollment_id is not null) as enrollments,
           array_agg(distinct n.campaign_id) filter (where n.campaign_id is not null) as campaigns,
           array_agg(distinct n.account_id) filter (where n.account_id is not null) as accounts,
           array_agg(distinct n.actor_principal_id) filter (where n.actor_principal_id is not null) as actors,
           array_agg(distinct n.send_item_id) filter (where n.send_item_id is not null) as items,
           array_agg(distinct n.play_id) filter (where n.play_id is not null) as plays,
           array_agg(distinct n.originating_proposal_id) filter (where n.originating_proposal_id is not null) as proposals,
           bool_or(n.actor_principal_id is not null and n.contact_id is not null and n.event_type <> 'opted_out')
             as acted
      from new_rows n
     group by n.client_id
  loop
    select case
             when not exists (select 1 from clients x where x.client_id = t.client_id)
               then 'client_id'
             when t.contacts is not null and (
                    select count(*) from contacts x
                     where x.client_id = t.client_id and x.contact_id = any (t.contacts)) < cardinality(t.contacts)
               then 'contact_id'
             when t.enrollments is not null and (
                    select count(*) from campaign_contacts x
                     where x.client_id = t.client_id and x.id = any (t.enrollments)) < cardinality(t.enrollments)
               then 'enrollment_id'
             when t.campaigns is not null and (
                    select count(*) from campaigns x
                     where x.client_id = t.client_id and x.id = any (t.campaigns)) < cardinality(t.campaigns)
               then 'campaign_id'
             when t.accounts is not null and (
                    select count(*) from accounts x
                     where x.client_id = t.client_id and x.account_id = any (t.accounts)) < cardinality(t.accounts)
               then 'account_id'
             when t.actors is not null and (
                    select count(*) from principals x
                     where x.client_id = t.client_id and x.principal_id = any (t.actors)) < cardinality(t.actors)
               then 'actor_principal_id'
             when t.items is not null and (
                    select count(*) from sales_send_queue x
                     where x.client_id = t.client_id and x.id = any (t.items)) < cardinality(t.items)
               then 'send_item_id'
             when t.plays is not null and (
                    select count(*) from plays x
                     where x.client_id = t.client_id and x.play_id = any (t.plays)) < cardinality(t.plays)
               then 'play_id'
             when t.proposals is not null and (
                    select count(*) from brain_proposals x
                     where x.client_id = t.client_id and x.proposal_id = any (t.proposals)) < cardinality(t.proposals)
               then 'originating_proposal_id'
             when t.acted
                  and exists (select 1 from book_settings s where s.client_id = t.client_id and s.scope <> 'tenant')
               then 'book'
           end
      into col;
    if col = 'book' then
      select n.contact_id, n.actor_principal_id, n.event_type into b
        from new_rows n
       where n.client_id = t.client_id and n.actor_principal_id is not null and n.contact_id is not null
         and n.event_type <> 'opted_out'
         and not baton_book_allows(n.client_id, n.actor_principal_id, n.contact_id)
       limit 1;
      if found then
        perform baton_refuse_outside_book(b.contact_id, b.actor_principal_id, b.event_type);
      end if;
    elsif col is not null then
      perform baton_refuse_tenant_ref('cadence_event_log', col, t.client_id);
    end if;
  end loop;
  return null;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_guard_raise(p_code text, p_message text, p_facts jsonb)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
begin
  raise exception using errcode = p_code, message = p_message, detail = p_facts::text;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_handoff_tenant_refs()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
declare
  v_col text;
  v_id text;
begin
  if new.routed_campaign_ids is not null then
    for v_id in select jsonb_array_elements_text(new.routed_campaign_ids) loop
      if not exists (select 1 from campaigns x where x.client_id = new.client_id and x.id = v_id::uuid) then
        v_col := 'routed_campaign_ids';
        exit;
      end if;
    end loop;
  end if;
  if v_col is null and new.routed_enrollment_ids is not null then
    for v_id in select jsonb_array_elements_text(new.routed_enrollment_ids) loop
      if not exists (select 1 from campaign_contacts x where x.client_id = new.client_id and x.id = v_id::uuid) then
        v_col := 'routed_enrollment_ids';
        exit;
      end if;
    end loop;
  end if;
  if v_col is not null then
    raise exception using errcode = '23503', constraint = 'campaign_handoffs_' || v_col || '_tenant',
      message = format('campaign_handoffs.%s names a row that is not of tenant %s', v_col, new.client_id),
      detail = json_build_object('table', 'campaign_handoffs', 'column', v_col)::text;
  end if;
  return new;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_init_client()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  insert into brain_agents (client_id, agent_id, name) values
    (new.client_id, 'AGT-901', 'Pipeline Brain'),
    (new.client_id, 'AGT-902', 'Account Brain');
  insert into play_library_config (client_id) values (new.client_id);
  return new;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_issue_token(p_client text, p_principal uuid, p_token_hash text, p_label text, p_expires_at timestamp with time zone)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_id uuid;
begin
  if not exists (select 1 from principals p where p.client_id = p_client and p.principal_id = p_principal
                    and p.deactivated_at is null) then
    perform baton_guard_raise('BG002', 'a token is issued to an active principal of the tenant only',
      jsonb_build_object('role', session_user, 'operation', 'issue a token of an unknown or deactivated principal in',
                         'table', 'api_tokens'));
  end if;
  insert into api_tokens (client_id, principal_id, token_hash, label, expires_at, created_at)
    values (p_client, p_principal, p_token_hash, p_label, p_expires_at, now())
    on conflict (token_hash, client_id) do nothing
    returning token_id into v_id;
  return v_id;
end $function$;
revoke execute on function baton_issue_token(p_client text, p_principal uuid, p_token_hash text, p_label text, p_expires_at timestamp with time zone) from public;

CREATE OR REPLACE FUNCTION public.baton_join_texts(a text[])
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE STRICT
AS $function$ select array_to_string(a, chr(31)) $function$;

CREATE OR REPLACE FUNCTION public.baton_keep_out_of_statistics(tbl text, col text)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
declare
  ddl text := format('alter table %I alter column %I set statistics 0', tbl, col);
begin
  -- two statements: the second is planned (pg_dist_partition read) only where Citus is
  if to_regclass('pg_catalog.pg_dist_partition') is null then
    execute ddl;
    return;
  end if;
  if not exists (select 1 from pg_catalog.pg_dist_partition where logicalrelid = to_regclass(tbl)) then
    execute ddl;
    return;
  end if;
  execute 'set local citus.enable_ddl_propagation = off';
  execute ddl;
  execute 'set local citus.enable_ddl_propagation = on';
  if exists (select 1 from run_command_on_placements(to_regclass(tbl),
               format('alter table %%s alter column %I set statistics 0', col)) p
              where not p.success) then
    raise exception 'could not set statistics 0 on every placement of %.%', tbl, col;
  end if;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_keeps_children()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
declare
  key_col text := tg_argv[0];
  child text;
  child_col text;
  i int := 1;
  named boolean;
  key text;
begin
  while i < tg_nargs loop
    child := tg_argv[i];
    child_col := tg_argv[i + 1];
    i := i + 2;
    if tg_level = 'STATEMENT' then
      execute format('select exists (select 1 from %I where %I is not null)', child, child_col) into named;
      key := 'rows (truncate)';
    elsif key_col = 'client_id' then
      execute format('select exists (select 1 from %I where client_id = $1)', child)
        into named using old.client_id;
      key := old.client_id;
    else
      key := to_jsonb(old) ->> key_col;
      execute format('select exists (select 1 from %I where client_id = $1 and %I = $2::uuid)', child, child_col)
        into named using old.client_id, key;
    end if;
    if named then
      raise exception using errcode = '23503', constraint = child || '_' || child_col || '_tenant',
        message = format('%s %s named by rows of %s', tg_table_name, key, child),
        detail = json_build_object('table', child, 'column', child_col)::text;
    end if;
  end loop;
  if tg_op = 'DELETE' then
    return old;
  end if;
  return new;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_oauth_proof_holds(p_client text, p_principal uuid, p_hash text)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  return exists (
    select 1 from oauth_tokens o
      join oauth_grants g on g.client_id = o.client_id and g.grant_id = o.grant_id
      join oauth_access_token_issues i on i.client_id = o.client_id and i.token_hash = o.token_hash
     where o.client_id = p_client and g.client_id = p_client and i.client_id = p_client
       and o.token_hash = p_hash and o.model = 'AccessToken'
       and o.consumed_at is null and o.expires_at > baton_plays_now()
       and g.principal_id = p_principal and i.principal_id = p_principal
       and i.grant_id = g.grant_id and i.app_id = g.app_id
       and (g.expires_at is null or g.expires_at > baton_plays_now())
       and o.payload ->> 'clientId' = g.app_id
       and 'mcp:write' = any (i.scopes)
       and 'mcp:write' = any (string_to_array(o.payload ->> 'scope', ' ')));
end $function$;
revoke execute on function baton_oauth_proof_holds(p_client text, p_principal uuid, p_hash text) from public;

CREATE OR REPLACE FUNCTION public.baton_open_session(p_client text, p_principal uuid, p_id_hash text, p_csrf_token text, p_method text, p_last_seen_at timestamp with time zone, p_expires_at timestamp with time zone, p_ip text, p_user_agent text)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_id uuid;
begin
  if not exists (select 1 from principals p where p.client_id = p_client and p.principal_id = p_principal
                    and p.kind = 'person' and p.deactivated_at is null) then
    perform baton_guard_raise('BG002', 'a session opens for an active person of the tenant only',
      jsonb_build_object('role', session_user, 'operation', 'open a session of an unknown or deactivated person in',
                         'table', 'sessions'));
  end if;
  insert into sessions (client_id, principal_id, id_hash, csrf_token, method, created_at, last_seen_at,
                        expires_at, ip, user_agent)
    values (p_client, p_principal, p_id_hash, p_csrf_token, p_method, now(), p_last_seen_at, p_expires_at,
            p_ip, p_user_agent)
    returning session_id into v_id;
  return v_id;
end $function$;
revoke execute on function baton_open_session(p_client text, p_principal uuid, p_id_hash text, p_csrf_token text, p_method text, p_last_seen_at timestamp with time zone, p_expires_at timestamp with time zone, p_ip text, p_user_agent text) from public;

CREATE OR REPLACE FUNCTION public.baton_owner_acting(p_rel oid)
 RETURNS boolean
 LANGUAGE sql
 STABLE
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select exists (select 1 from pg_catalog.pg_roles r
                  where r.rolname = current_user
                    and (r.rolsuper or r.oid = (select c.relowner from pg_catalog.pg_class c
                                                 where c.oid = p_rel)))
$function$;

CREATE OR REPLACE FUNCTION public.baton_owner_settings_guard()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  if not baton_owner_acting(tg_relid) then
    perform baton_guard_raise('BG002', 'only the database''s owner changes what it allows',
      jsonb_build_object('table', tg_table_name, 'operation', tg_op, 'role', current_user));
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_play_cadence_error(p_cadence jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 IMMUTABLE
AS $function$
declare
  s jsonb;
  i int := 0;
  v_path text;
begin
  if jsonb_typeof(p_cadence -> 'steps') is distinct from 'array'
     or jsonb_array_length(p_cadence -> 'steps') = 0 then
    return jsonb_build_object('path', 'suggested_cadence/steps', 'message', 'has no steps');
  end if;
  for s in select e from jsonb_array_elements(p_cadence -> 'steps') e loop
    v_path := format('suggested_cadence/steps/%s', i);
    if jsonb_typeof(s) is distinct from 'object' then
      return jsonb_build_object('path', v_path, 'message', 'is not a step');
    end if;
    if jsonb_typeof(s -> 'day') is distinct from 'number' then
      return jsonb_build_object('path', v_path || '/day', 'message', 'must be a whole number of days 0..365');
    end if;
    if (s ->> 'day')::numeric not between 0 and 365 or (s ->> 'day')::numeric % 1 <> 0 then
      return jsonb_build_object('path', v_path || '/day', 'message', 'must be a whole number of days 0..365');
    end if;
    if coalesce(s ->> 'channel', '') not in ('email', 'linkedin', 'phone') or jsonb_typeof(s -> 'channel') <> 'string' then
      return jsonb_build_object('path', v_path || '/channel', 'message', 'must be email, linkedin or phone');
    end if;
    if jsonb_typeof(s -> 'content_type') is distinct from 'string' then
      return jsonb_build_object('path', v_path || '/content_type', 'message', 'must be a content type');
    end if;
    if btrim(s ->> 'content_type') = '' then
      return jsonb_build_object('path', v_path || '/content_type', 'message', 'must be a content type');
    end if;
    if jsonb_typeof(s -> 'instructions') is distinct from 'string' then
      return jsonb_build_object('path', v_path || '/instructions', 'message', 'must not be blank');
    end if;
    if btrim(s ->> 'instructions') = '' then
      return jsonb_build_object('path', v_path || '/instructions', 'message', 'must not be blank');
    end if;
    i := i + 1;
  end loop;
  return null;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_play_config_guard()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
declare
  a record;
  v_client text;
  -- which table, from the row: a shard's tg_table_name carries the shard's number
  v_config boolean := (case when tg_op = 'DELETE' then to_jsonb(old) else to_jsonb(new) end) ? 'default_segment_cap';
begin
  if tg_op = 'DELETE' then
    v_client := old.client_id;
    if v_config then
      perform baton_plays_raise('BP002', 'the play library configuration is never deleted; change it',
        jsonb_build_object('action', 'delete the play library configuration',
                           'actor', 'anyone', 'required', 'an update by RevOps'));
    end if;
    if old.play_cap is null and not old.auto_sunset then
      return old;
    end if;
  elsif tg_op = 'INSERT' then
    v_client := new.client_id;
    if not v_config then
      if new.play_cap is null and not new.auto_sunset then
        return new;
      end if;
    elsif new.default_segment_cap = 5 and new.review_threshold = 30 then
      -- the defaults of 0002, as baton_init_client inserts them
      return new;
    end if;
  else
    v_client := new.client_id;
    if not v_config then
      -- only the play fields of a segment are guarded (nested: the row type differs per table)
      if row(new.play_cap, new.auto_sunset) is not distinct from row(old.play_cap, old.auto_sunset) then
        return new;
      end if;
    end if;
  end if;
  select * into a from baton_plays_actor(v_client);
  if a.principal_id is null or not ('revops' = any (a.roles)) or a.kind <> 'person' then
    perform baton_plays_raise('BP002', 'only RevOps changes play caps and auto-sunset',
      jsonb_build_object('action', 'change the play library configuration',
                         'actor', coalesce(a.display_name, 'no principal'), 'required', 'the revops role'));
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_play_execution_event_tenant()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  if not exists (select 1 from cadence_event_log x where x.client_id = new.client_id and x.event_id = new.event_id) then
    raise exception using errcode = '23503', constraint = 'play_execution_requests_event_id_tenant',
      message = format('play_execution_requests.event_id names no event of tenant %s', new.client_id),
      detail = json_build_object('table', 'play_execution_requests', 'column', 'event_id')::text;
  end if;
  return new;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_play_expired(p_end date, p_now timestamp with time zone)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
AS $function$
  select p_end is not null and p_end < (p_now at time zone 'UTC')::date
$function$;

CREATE OR REPLACE FUNCTION public.baton_plays_actor(p_client text)
 RETURNS TABLE(principal_id uuid, kind text, roles text[], agent_id text, display_name text)
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_id text := nullif(current_setting('baton.actor_id', true), '');
begin
  if v_id is null or v_id !~ '^[0-9a-fA-F-]{36}$' then
    return;
  end if;
  if not baton_owner_acting('plays'::regclass) and baton_proven_actor(p_client) is null then
    perform baton_plays_raise('BP009', 'the acting principal presented no live session or token of its own',
      jsonb_build_object('operation', 'write',
                         'reason', 'the acting principal presented no live session or token of its own'));
  end if;
  return query
    select p.principal_id, p.kind, p.roles, p.agent_id::text, p.display_name
    from principals p where p.client_id = p_client and p.principal_id = v_id::uuid;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_plays_archive_guard()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  if tg_op = 'DELETE' and current_setting('baton.retention', true) = 'on' and baton_owner_acting(tg_relid)
     and old.retired_at is not null and old.retired_at < now() - interval '7 years' then
    return old;
  end if;
  perform baton_plays_raise('BP013', 'archived plays are never changed or deleted',
    jsonb_build_object('play_id', old.play_id, 'state', old.state));
  return null;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_plays_archive_insert_guard()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
declare
  live plays;
begin
  select * into live from plays p where p.client_id = new.client_id and p.play_id = new.play_id;
  if live.play_id is null or live.state <> 'retired'
     or to_jsonb(live) is distinct from to_jsonb(new) - 'archived_at' then
    perform baton_plays_raise('BP023', 'a play enters the archive only as the exact copy of a retired play',
      jsonb_build_object('play_id', new.play_id, 'live', live.play_id is not null, 'state', live.state));
  end if;
  return new;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_plays_archive_moved()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  if exists (select 1 from plays p where p.client_id = new.client_id and p.play_id = new.play_id) then
    perform baton_plays_raise('BP023', 'a play enters the archive only by leaving plays',
      jsonb_build_object('play_id', new.play_id, 'live', true, 'state', 'retired'));
  end if;
  return null;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_plays_before_delete()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  if current_setting('baton.archiving', true) = 'on' and baton_owner_acting(tg_relid)
     and old.state = 'retired' then
    return old;
  end if;
  perform baton_plays_raise('BP013', 'plays are never deleted; cold plays are archived',
    jsonb_build_object('play_id', old.play_id, 'state', old.state));
  return null;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_plays_before_insert()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
declare
  a record;
  src plays;
begin
  select * into a from baton_plays_actor(new.client_id);
  if a.principal_id is null then
    perform baton_plays_raise('BP009', 'no acting principal for this write',
      jsonb_build_object('operation', 'insert'));
  end if;
  if new.state <> 'draft' then
    perform baton_plays_raise('BP001', format('a play is created as a draft, not %s', new.state),
      jsonb_build_object('from', null, 'to', new.state));
  end if;
  if new.picked_up_by_user_id is not null or new.picked_up_at is not null
     or new.slm_approver_user_id is not null or new.slm_approved_at is not null
     or new.revops_approver_user_id is not null or new.revops_approved_at is not null
     or new.activated_at is not null or new.retired_at is not null or new.retired_by_user_id is not null
     or new.retire_reason is not null or new.retrospective_outcomes is not null
     or new.edits_during_review is not null then
    perform baton_plays_raise('BP007', 'a new draft carries no review, approval or retirement fields',
      jsonb_build_object('operation', 'insert'));
  end if;
  if new.copied_from_play_id is null then
    if a.kind <> 'agent' or not exists (select 1 from brain_agents b
                                        where b.client_id = new.client_id and b.agent_id = a.agent_id) then
      perform baton_plays_raise('BP002', 'only brain agents insert drafts',
        jsonb_build_object('action', 'insert a draft play', 'actor', coalesce(a.agent_id, a.display_name),
                           'required', 'a brain agent (brain_agents)'));
    end if;
    if new.writer_agent_id is distinct from a.agent_id then
      perform baton_plays_raise('BP002', 'a brain agent drafts only as itself',
        jsonb_build_object('action', 'insert a draft play', 'actor', a.agent_id,
                           'required', format('writer_agent_id = %s', a.agent_id)));
    end if;
    if not exists (select 1 from brain_proposals bp where bp.client_id = new.client_id
                   and bp.proposal_id = new.originating_proposal_id and bp.agent_id = a.agent_id) then
      perform baton_plays_raise('BP002', 'a draft cites a proposal of its own writer',
        jsonb_build_object('action', 'insert a draft play', 'actor', a.agent_id,
                           'required', 'originating_proposal_id of a proposal by the same agent'));
    end if;
  else
    if a.kind <> 'person' or not (a.roles && array['revops', 'slm']) then
      perform baton_plays_raise('BP002', 'only RevOps or a sales leader copies a retired play',
        jsonb_build_object('action', 'copy a retired play', 'actor', coalesce(a.agent_id, a.display_name),
                           'required', 'the revops or slm role'));
    end if;
    select * into src from plays p where p.client_id = new.client_id and p.play_id = new.copied_from_play_id;
    if src.play_id is null then
      perform baton_plays_raise('BP011', 'the play to copy does not exist',
        jsonb_build_object('play_id', new.copied_from_play_id, 'state', null));
    end if;
    if src.state <> 'retired' then
      perform baton_plays_raise('BP011', 'only a retired play is copied into a new draft',
        jsonb_build_object('play_id', src.play_id, 'state', src.state));
    end if;
    if row(new.scope, new.segment, new.account_id, new.name, new.hypothesis, new.target_definition,
           new.suggested_cadence, new.success_criteria, new.originating_proposal_id, new.writer_agent_id)
       is distinct from
       row(src.scope, src.segment, src.account_id, src.name, src.hypothesis, src.target_definition,
           src.suggested_cadence, src.success_criteria, src.originating_proposal_id, src.writer_agent_id) then
      perform baton_plays_raise('BP007', 'a copy is exact; change it in under_review',
        jsonb_build_object('operation', 'copy', 'play_id', src.play_id));
    end if;
  end if;
  new.created_at := baton_plays_now();
  new.updated_at := new.created_at;
  return new;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_plays_before_update()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
declare
  a record;
  v_now timestamptz := baton_plays_now();
  v_changes jsonb := '{}';
  v_system boolean := current_setting('baton.actor_kind', true) = 'system'
                      and nullif(current_setting('baton.actor_id', true), '') is null;
  v_auto_sunset boolean;
begin
  if v_system then
    -- the system actor holds no role: every role check below refuses it
    select null::uuid as principal_id, 'system'::text as kind, '{}'::text[] as roles, null::text as agent_id,
           'system'::text as display_name into a;
  else
    select * into a from baton_plays_actor(new.client_id);
    if a.principal_id is null then
      perform baton_plays_raise('BP009', 'no acting principal for this write',
        jsonb_build_object('operation', 'update', 'play_id', old.play_id));
    end if;
    -- spec 000: a brain agent can never move a play's state, and no one else writes draft rows
    if a.kind <> 'person' and not (a.kind = 'agent' and a.agent_id = old.writer_agent_id
                                   and old.state = 'draft' and new.state = 'draft') then
      perform baton_plays_raise('BP002', 'agents never change a play after drafting it',
        jsonb_build_object('action', 'change a play', 'actor', a.agent_id, 'play_id', old.play_id,
                           'required', 'a RevOps or sales-leader person'));
    end if;
  end if;

  if row(new.play_id, new.client_id, new.scope, new.segment, new.account_id, new.originating_proposal_id,
         new.writer_agent_id, new.created_at, new.copied_from_play_id, new.success_criteria)
     is distinct from
     row(old.play_id, old.client_id, old.scope, old.segment, old.account_id, old.originating_proposal_id,
         old.writer_agent_id, old.created_at, old.copied_from_play_id, old.success_criteria) then
    perform baton_plays_raise('BP007', 'identity, target scope, lineage and success criteria are fixed',
      jsonb_build_object('operation', 'update', 'play_id', old.play_id));
  end if;
  if new.edits_during_review is distinct from old.edits_during_review then
    perform baton_plays_raise('BP007', 'the edit log is appended by the database only',
      jsonb_build_object('operation', 'update', 'field', 'edits_during_review', 'play_id', old.play_id));
  end if;

  -- the system actor (the sunset job) may only retire an expired active play of an auto-sunset segment
  if v_system then
    select coalesce(s.auto_sunset, false) into v_auto_sunset
      from segments s
      where s.client_id = old.client_id
        and s.segment = coalesce(old.segment, (select ac.segment from accounts ac
                                               where ac.client_id = old.client_id
                                                 and ac.account_id = old.account_id));
    if not (old.state = 'active' and new.state = 'retired' and new.retire_reason = 'auto_sunset'
            and coalesce(v_auto_sunset, false) and baton_play_expired(old.active_period_end, v_now)) then
      perform baton_plays_raise('BP002', 'the system only auto-sunsets expired plays of auto-sunset segments',
        jsonb_build_object('action', 'change a play', 'actor', 'system', 'play_id', old.play_id,
                           'required', 'a RevOps or sales-leader person'));
    end if;
  end if;

  if new.state = old.state then
    if old.state = 'draft' and not (a.kind = 'agent' and a.agent_id = old.writer_agent_id) then
      perform baton_plays_raise('BP006', 'a draft is read-only; pick it up to edit it',
        jsonb_build_object('play_id', old.play_id, 'state', old.state));
    end if;
    -- the writing agent's revision of its draft (allowed above) is not a review edit
    if old.state <> 'draft'
       and row(new.name, new.hypothesis, new.target_definition, new.suggested_cadence)
       is distinct from row(old.name, old.hypothesis, old.target_definition, old.suggested_cadence) then
      if old.state <> 'under_review' then
        perform baton_plays_raise('BP006', format('a play is edited only in under_review, not %s', old.state),
          jsonb_build_object('play_id', old.play_id, 'state', old.state));
      end if;
      if not (a.roles && array['revops', 'slm']) then
        perform baton_plays_raise('BP002', 'only RevOps or a sales leader edits a play in review',
          jsonb_build_object('action', 'edit a play', 'actor', a.display_name, 'play_id', old.play_id,
                             'required', 'the revops or slm role'));
      end if;
      if new.name is distinct from old.name then
        v_changes := v_changes || jsonb_build_object('name', jsonb_build_object('from', old.name, 'to', new.name));
      end if;
      if new.hypothesis is distinct from old.hypothesis then
        v_changes := v_changes || jsonb_build_object('hypothesis',
          jsonb_build_object('from', old.hypothesis, 'to', new.hypothesis));
      end if;
      if new.target_definition is distinct from old.target_definition then
        v_changes := v_changes || jsonb_build_object('target_definition',
          jsonb_build_object('from', old.target_definition, 'to', new.target_definition));
      end if;
      if new.suggested_cadence is distinct from old.suggested_cadence then
        v_changes := v_changes || jsonb_build_object('suggested_cadence',
          jsonb_build_object('from', old.suggested_cadence, 'to', new.suggested_cadence));
      end if;
      -- an approval covers the text that was approved: an edit withdraws earlier approvals
      new.edits_during_review := coalesce(old.edits_during_review, '[]'::jsonb) || jsonb_build_array(
        jsonb_build_object('at', v_now, 'by_user_id', a.principal_id, 'by_name', a.display_name,
                           'changes', v_changes,
                           'approvals_withdrawn', (old.slm_approver_user_id is not null
                                                   or old.revops_approver_user_id is not null)));
      new.slm_approver_user_id := null;
      new.slm_approved_at := null;
      new.revops_approver_user_id := null;
      new.revops_approved_at := null;
    end if;
  elsif not ((old.state = 'draft' and new.state in ('under_review', 'retired'))
          or (old.state = 'under_review' and new.state in ('active', 'retired'))
          or (old.state = 'active' and new.state = 'retired')) then
    perform baton_plays_raise('BP001', format('%s -> %s is not an allowed transition', old.state, new.state),
      jsonb_build_object('play_id', old.play_id, 'from', old.state, 'to', new.state));
  elsif row(new.name, new.hypothesis, new.target_definition, new.suggested_cadence)
        is distinct from row(old.name, old.hypothesis, old.target_definition, old.suggested_cadence) then
    -- an edit rides on no transition: it is logged, and it withdraws approvals, only on its own
    perform baton_plays_raise('BP006', 'edit in under_review, in a write of its own, not with a transition',
      jsonb_build_object('play_id', old.play_id, 'state', old.state));
  end if;

  -- pickup: draft -> under_review, by RevOps or a sales leader, recorded
  if old.state = 'draft' and new.state = 'under_review' then
    if not (a.roles && array['revops', 'slm']) then
      perform baton_plays_raise('BP002', 'only RevOps or a sales leader picks up a draft',
        jsonb_build_object('action', 'pick up a draft', 'actor', a.display_name, 'play_id', old.play_id,
                           'required', 'the revops or slm role'));
    end if;
    new.picked_up_by_user_id := a.principal_id;
    new.picked_up_at := v_now;
  elsif new.picked_up_by_user_id is distinct from old.picked_up_by_user_id
        or new.picked_up_at is distinct from old.picked_up_at then
    perform baton_plays_raise('BP007', 'pickup fields are set by the pickup only',
      jsonb_build_object('operation', 'update', 'field', 'picked_up_by_user_id', 'play_id', old.play_id));
  end if;

  -- approvals: each is given once, by the acting person, holding that role, in under_review
  if new.slm_approver_user_id is distinct from old.slm_approver_user_id
     and not (new.slm_approver_user_id is null and v_changes <> '{}') then
    if old.state <> 'under_review' or old.slm_approver_user_id is not null then
      perform baton_plays_raise('BP010', 'the sales-leader approval is already given or the play is not in review',
        jsonb_build_object('play_id', old.play_id, 'state', old.state, 'role', 'slm'));
    end if;
    if new.slm_approver_user_id is distinct from a.principal_id or not ('slm' = any (a.roles)) then
      perform baton_plays_raise('BP002', 'the sales-leader approval is given by a sales leader, as themself',
        jsonb_build_object('action', 'approve as slm', 'actor', a.display_name, 'play_id', old.play_id,
                           'required', 'the slm role'));
    end if;
    new.slm_approved_at := v_now;
  elsif new.slm_approved_at is distinct from old.slm_approved_at and v_changes = '{}' then
    perform baton_plays_raise('BP007', 'approval times are set by the database',
      jsonb_build_object('operation', 'update', 'field', 'slm_approved_at', 'play_id', old.play_id));
  end if;
  if new.revops_approver_user_id is distinct from old.revops_approver_user_id
     and not (new.revops_approver_user_id is null and v_changes <> '{}') then
    if old.state <> 'under_review' or old.revops_approver_user_id is not null then
      perform baton_plays_raise('BP010', 'the RevOps approval is already given or the play is not in review',
        jsonb_build_object('play_id', old.play_id, 'state', old.state, 'role', 'revops'));
    end if;
    if new.revops_approver_user_id is distinct from a.principal_id or not ('revops' = any (a.roles)) then
      perform baton_plays_raise('BP002', 'the RevOps approval is given by RevOps, as themself',
        jsonb_build_object('action', 'approve as revops', 'actor', a.display_name, 'play_id', old.play_id,
                           'required', 'the revops role'));
    end if;
    new.revops_approved_at := v_now;
  elsif new.revops_approved_at is distinct from old.revops_approved_at and v_changes = '{}' then
    perform baton_plays_raise('BP007', 'approval times are set by the database',
      jsonb_build_object('operation', 'update', 'field', 'revops_approved_at', 'play_id', old.play_id));
  end if;
  -- spec 000: two distinct people; one person holding both roles cannot approve twice
  if new.slm_approver_user_id is not null and new.slm_approver_user_id = new.revops_approver_user_id then
    perform baton_plays_raise('BP003', 'the two approvals must come from two different people',
      jsonb_build_object('play_id', old.play_id, 'user_id', new.slm_approver_user_id));
  end if;

  -- activation: under_review -> active, both approvals present, caps hold
  if old.state = 'under_review' and new.state = 'active' then
    if v_system or not (a.roles && array['revops', 'slm']) then
      perform baton_plays_raise('BP002', 'only the approvers (RevOps, sales leader) activate a play',
        jsonb_build_object('action', 'activate a play', 'play_id', old.play_id, 'required', 'slm or revops'));
    end if;
    if new.slm_approver_user_id is null or new.revops_approver_user_id is null then
      perform baton_plays_raise('BP012', 'activation needs both the sales-leader and the RevOps approval',
        jsonb_build_object('play_id', old.play_id,
                           'missing', case when new.slm_approver_user_id is null
                                           and new.revops_approver_user_id is null then 'slm, revops'
                                      when new.slm_approver_user_id is null then 'slm' else 'revops' end));
    end if;
    if not baton_principal_has_role(new.client_id, new.slm_approver_user_id, 'slm')
       or not baton_principal_has_role(new.client_id, new.revops_approver_user_id, 'revops') then
      perform baton_plays_raise('BP002', 'an approver no longer holds the role they approved as',
        jsonb_build_object('action', 'activate a play', 'play_id', old.play_id, 'required', 'slm and revops'));
    end if;
    new.activated_at := v_now;
    new.active_period_start := coalesce(new.active_period_start, (v_now at time zone 'UTC')::date);
    perform baton_plays_check_cap_of(new.client_id, new.scope, new.segment, new.account_id, new.play_id);
  elsif new.activated_at is distinct from old.activated_at
        or (new.active_period_start is distinct from old.active_period_start and old.state <> 'under_review') then
    perform baton_plays_raise('BP007', 'activation fields are set on activation only',
      jsonb_build_object('operation', 'update', 'field', 'activated_at', 'play_id', old.play_id));
  end if;
  if new.active_period_end is distinct from old.active_period_end then
    if old.state = 'retired' or v_system
       or (old.state = 'active' and not ('revops' = any (a.roles)))
       or (old.state = 'under_review' and not (a.roles && array['revops', 'slm'])) then
      perform baton_plays_raise('BP002', 'only RevOps (or an SLM in review) changes the sunset date',
        jsonb_build_object('action', 'change active_period_end', 'play_id', old.play_id,
                           'required', 'the revops role'));
    end if;
  end if;

  -- retirement: only RevOps (or the sunset job), with a reason that fits where the play was
  if new.state = 'retired' and old.state <> 'retired' then
    if not v_system and not ('revops' = any (a.roles)) then
      perform baton_plays_raise('BP002', 'only RevOps retires a play',
        jsonb_build_object('action', 'retire a play', 'actor', a.display_name, 'play_id', old.play_id,
                           'required', 'the revops role'));
    end if;
    if new.retire_reason is null
       or (old.state = 'draft' and new.retire_reason <> 'rejected_at_draft')
       or (old.state = 'under_review' and new.retire_reason not in ('rejected_at_review', 'replaced'))
       or (old.state = 'active' and new.retire_reason not in ('completed', 'replaced', 'poor_performance',
                                                               'auto_sunset')) then
      perform baton_plays_raise('BP008', 'retiring needs a retire_reason that fits the play''s state',
        jsonb_build_object('play_id', old.play_id, 'from', old.state, 'retire_reason', new.retire_reason,
                           'allowed', case old.state when 'draft' then '["rejected_at_draft"]'::jsonb
                                        when 'under_review' then '["rejected_at_review","replaced"]'::jsonb
                                        else '["completed","replaced","poor_performance","auto_sunset"]'::jsonb end));
    end if;
    new.retired_at := v_now;
    new.retired_by_user_id := case when v_system then null else a.principal_id end;
  elsif row(new.retired_at, new.retired_by_user_id, new.retire_reason)
        is distinct from row(old.retired_at, old.retired_by_user_id, old.retire_reason) then
    perform baton_plays_raise('BP007', 'retirement fields are set on retirement only',
      jsonb_build_object('operation', 'update', 'field', 'retire_reason', 'play_id', old.play_id));
  end if;

  -- retrospective outcomes: recorded by RevOps on plays that ran or were retired (spec 000)
  if new.retrospective_outcomes is distinct from old.retrospective_outcomes then
    if v_system or not ('revops' = any (a.roles)) or old.state not in ('active', 'retired') then
      perform baton_plays_raise('BP002', 'RevOps records retrospective outcomes of active or retired plays',
        jsonb_build_object('action', 'record retrospective outcomes', 'play_id', old.play_id,
                           'required', 'the revops role, on an active or retired play'));
    end if;
  end if;

  new.updated_at := v_now;
  return new;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_plays_check_cap_of(p_client text, p_scope text, p_segment text, p_account_id uuid, p_play_id uuid)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
declare
  v_now timestamptz := baton_plays_now();
  v_cap int;
  v_seg_cap int;
  v_active jsonb;
begin
  insert into play_cap_locks as l (client_id, cap_key, activations)
    values (p_client,
            case when p_scope = 'segment' then 'segment:' || p_segment else 'account:' || p_account_id end, 1)
    on conflict (client_id, cap_key) do update set activations = l.activations + 1;
  if p_scope = 'segment' then
    select s.play_cap into v_seg_cap from segments s
      where s.client_id = p_client and s.segment = p_segment for no key update;
    select coalesce(v_seg_cap, c.default_segment_cap, 5) into v_cap
      from (select 1) one left join play_library_config c on c.client_id = p_client;
    v_active := baton_plays_counted(p_client, p_segment, null, p_play_id, v_now);
    if jsonb_array_length(v_active) >= v_cap then
      perform baton_plays_raise('BP004',
        format('segment %s has %s of %s active plays', p_segment, jsonb_array_length(v_active), v_cap),
        jsonb_build_object('segment', p_segment, 'active', jsonb_array_length(v_active), 'cap', v_cap,
                           'play_id', p_play_id, 'active_plays', v_active));
    end if;
  else
    perform 1 from accounts a where a.client_id = p_client and a.account_id = p_account_id for no key update;
    v_active := baton_plays_counted(p_client, null, p_account_id, p_play_id, v_now);
    if jsonb_array_length(v_active) >= 1 then
      perform baton_plays_raise('BP005',
        format('account %s already has an active play', p_account_id),
        jsonb_build_object('account_id', p_account_id, 'active', jsonb_array_length(v_active), 'cap', 1,
                           'play_id', p_play_id, 'active_plays', v_active));
    end if;
  end if;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_plays_counted(p_client text, p_segment text, p_account uuid, p_self uuid, p_now timestamp with time zone)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE
AS $function$
begin
  if p_account is null then
    return (
      select coalesce(jsonb_agg(jsonb_build_object('play_id', play_id, 'name', name) order by activated_at), '[]')
      from plays
      where client_id = p_client and state = 'active' and play_id <> p_self
        and not baton_play_expired(active_period_end, p_now)
        and scope = 'segment' and segment = p_segment);
  elsif p_segment is null then
    return (
      select coalesce(jsonb_agg(jsonb_build_object('play_id', play_id, 'name', name) order by activated_at), '[]')
      from plays
      where client_id = p_client and state = 'active' and play_id <> p_self
        and not baton_play_expired(active_period_end, p_now)
        and account_id = p_account);
  end if;
  return (
    select coalesce(jsonb_agg(jsonb_build_object('play_id', play_id, 'name', name) order by activated_at), '[]')
    from plays
    where client_id = p_client and state = 'active' and play_id <> p_self
      and not baton_play_expired(active_period_end, p_now)
      and ((scope = 'segment' and segment = p_segment) or account_id = p_account));
end $function$;

CREATE OR REPLACE FUNCTION public.baton_plays_now()
 RETURNS timestamp with time zone
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_set text := nullif(current_setting('baton.now', true), '');
  v_at timestamptz;
begin
  if v_set is null then
    return now();
  end if;
  v_at := v_set::timestamptz;
  if exists (select 1 from baton_owner_settings where name = 'application_clock' and value = 'on') then
    return v_at;
  end if;
  if abs(extract(epoch from v_at - now())) <= 300 then
    return now();
  end if;
  perform baton_guard_raise('BG001',
    format('the application clock (%s) is not the database''s (%s), and this database does not allow one',
           v_at, now()),
    jsonb_build_object('application_clock', v_at, 'database_clock', now()));
  return null;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_plays_raise(p_code text, p_message text, p_facts jsonb)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
begin
  raise exception using errcode = p_code, message = p_message, detail = p_facts::text;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_plays_shape_rules()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
declare
  v_error jsonb;
begin
  if new.scope = 'account_specific' and new.segment is not null then
    perform baton_plays_raise('BP022', 'an account-specific play names an account and no segment',
      jsonb_build_object('play_id', new.play_id, 'scope', new.scope, 'segment', new.segment,
                         'account_id', new.account_id));
  end if;
  if tg_op = 'INSERT' or new.suggested_cadence is distinct from old.suggested_cadence
     or (old.state <> 'active' and new.state = 'active') then
    v_error := baton_play_cadence_error(new.suggested_cadence);
    if v_error is not null then
      perform baton_plays_raise('BP024', 'the play''s suggested_cadence has no valid steps',
        jsonb_build_object('play_id', new.play_id, 'errors', jsonb_build_array(v_error)));
    end if;
  end if;
  if tg_op = 'UPDATE' and old.state = 'active'
     and new.active_period_end is distinct from old.active_period_end
     and baton_play_expired(old.active_period_end, baton_plays_now())
     and not baton_play_expired(new.active_period_end, baton_plays_now()) then
    perform baton_plays_raise('BP021', 'an expired play is not revived',
      jsonb_build_object('play_id', old.play_id, 'active_period_end', old.active_period_end,
                         'requested', new.active_period_end));
  end if;
  return new;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_present_proof(p_proof text)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  execute format('set local baton.actor_proof = %L', coalesce(p_proof, ''));
end $function$;

CREATE OR REPLACE FUNCTION public.baton_principal_has_role(p_client text, p_principal uuid, p_role text)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE
AS $function$
begin
  return exists (select 1 from principals
                 where client_id = p_client and principal_id = p_principal
                   and kind = 'person' and p_role = any (roles));
end $function$;

CREATE OR REPLACE FUNCTION public.baton_proven_actor(p_client text)
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_id text := nullif(current_setting('baton.actor_id', true), '');
  v_proof text := nullif(current_setting('baton.actor_proof', true), '');
  v_hash text;
  v_principal uuid;
begin
  if v_proof is null or v_id is null
     or v_id !~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' then
    return null;
  end if;
  v_hash := encode(sha256(convert_to(v_proof, 'UTF8')), 'hex');
  select p.principal_id into v_principal
    from principals p
   where p.client_id = p_client and p.principal_id = v_id::uuid and p.deactivated_at is null
     and (exists (select 1 from sessions s
                   where s.client_id = p_client and s.id_hash = v_hash and s.principal_id = p.principal_id
                     and s.revoked_at is null and s.expires_at > baton_plays_now())
          or exists (select 1 from api_tokens t
                      where t.client_id = p_client and t.token_hash = v_hash
                        and t.principal_id = p.principal_id and t.revoked_at is null
                        and (t.expires_at is null or t.expires_at > baton_plays_now()))
          or (p.kind = 'person' and baton_oauth_proof_holds(p_client, p.principal_id, v_hash)));
  return v_principal;
end $function$;
revoke execute on function baton_proven_actor(p_client text) from public;

CREATE OR REPLACE FUNCTION public.baton_purge_archived_plays(p_client text, p_cutoff timestamp with time zone)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_n int;
begin
  set local baton.retention = 'on';
  delete from plays_archive
   where (p_client is null or client_id = p_client)
     and retired_at < p_cutoff and retired_at < now() - interval '7 years';
  get diagnostics v_n = row_count;
  set local baton.retention = 'off';
  return v_n;
end $function$;
revoke execute on function baton_purge_archived_plays(p_client text, p_cutoff timestamp with time zone) from public;

CREATE OR REPLACE FUNCTION public.baton_refuse_outside_book(p_contact uuid, p_actor uuid, p_event_type text)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
begin
  raise exception using errcode = 'BK001',
    message = format('the prospect %s is not in the book of principal %s', p_contact, p_actor),
    detail = json_build_object('contact_id', p_contact, 'event_type', p_event_type)::text;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_refuse_tenant_ref(tbl text, col text, tenant text)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
begin
  raise exception using errcode = '23503', constraint = tbl || '_' || col || '_tenant',
    message = format('%s.%s names no row of tenant %s', tbl, col, tenant),
    detail = json_build_object('table', tbl, 'column', col)::text;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_refuse_truncate()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  raise exception using errcode = tg_argv[0],
    message = format('%s is append-only; TRUNCATE is refused', tg_table_name),
    detail = json_build_object('operation', 'TRUNCATE', 'table', tg_table_name,
                               'play_id', 'every row (TRUNCATE)')::text;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_row_tenant_ref()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
declare
  col text := tg_argv[0];
  parent text := tg_argv[1];
  parent_col text := tg_argv[2];
  id text := to_jsonb(new) ->> col;
  found boolean := true;
begin
  if id is not null and parent = 'clients' then
    found := exists (select 1 from clients x where x.client_id = id);
  elsif id is not null then
    execute format('select exists (select 1 from %I x where x.client_id = $1 and x.%I = $2::uuid)', parent, parent_col)
      into found using new.client_id, id;
  end if;
  if not found then
    perform baton_refuse_tenant_ref(tg_table_name, col, new.client_id);
  end if;
  return new;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_send_queue_tenant_refs()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
declare
  t record;
  col text;
  k int := 0;
begin
  for t in
    select n.client_id, n.contact_id, n.enrollment_id, n.campaign_id, n.play_id, n.originating_proposal_id
      from new_rows n limit 2
  loop
    k := k + 1;
  end loop;
  if k = 1 then
    select case
             when not exists (select 1 from contacts x where x.client_id = t.client_id and x.contact_id = t.contact_id)
               then 'contact_id'
             when not exists (select 1 from campaign_contacts x where x.client_id = t.client_id and x.id = t.enrollment_id)
               then 'enrollment_id'
             when not exists (select 1 from campaigns x where x.client_id = t.client_id and x.id = t.campaign_id)
               then 'campaign_id'
             when t.play_id is not null and not exists (
                    select 1 from plays x where x.client_id = t.client_id and x.play_id = t.play_id)
               then 'play_id'
             when t.originating_proposal_id is not null and not exists (
                    select 1 from brain_proposals x
                     where x.client_id = t.client_id and x.proposal_id = t.originating_proposal_id)
               then 'originating_proposal_id'
           end
      into col;
    if col is not null then
      perform baton_refuse_tenant_ref('sales_send_queue', col, t.client_id);
    end if;
    return null;
  end if;
  for t in
    select n.client_id,
           array_agg(distinct n.contact_id) as contacts,
           array_agg(distinct n.enrollment_id) as enrollments,
           array_agg(distinct n.campaign_id) as campaigns,
           array_agg(distinct n.play_id) filter (where n.play_id is not null) as plays,
           array_agg(distinct n.originating_proposal_id) filter (where n.originating_proposal_id is not null) as proposals
      from new_rows n
     group by n.client_id
  loop
    select case
             when (select count(*) from contacts x
                    where x.client_id = t.client_id and x.contact_id = any (t.contacts)) < cardinality(t.contacts)
               then 'contact_id'
             when (select count(*) from campaign_contacts x
                    where x.client_id = t.client_id and x.id = any (t.enrollments)) < cardinality(t.enrollments)
               then 'enrollment_id'
             when (select count(*) from campaigns x
                    where x.client_id = t.client_id and x.id = any (t.campaigns)) < cardinality(t.campaigns)
               then 'campaign_id'
             when t.plays is not null and (
                    select count(*) from plays x
                     where x.client_id = t.client_id and x.play_id = any (t.plays)) < cardinality(t.plays)
               then 'play_id'
             when t.proposals is not null and (
                    select count(*) from brain_proposals x
                     where x.client_id = t.client_id and x.proposal_id = any (t.proposals)) < cardinality(t.proposals)
               then 'originating_proposal_id'
           end
      into col;
    if col is not null then
      perform baton_refuse_tenant_ref('sales_send_queue', col, t.client_id);
    end if;
  end loop;
  return null;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_staged_drafts_item_tenant()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  if exists (select 1 from staged_drafts d where d.client_id = new.client_id and d.id = new.id
                                             and d.send_item_id = new.send_item_id) then
    perform 1 from sales_send_queue x where x.client_id = new.client_id and x.id = new.send_item_id
      for key share;
    if not found then
      raise exception using errcode = '23503', constraint = 'staged_drafts_send_item_id_tenant',
        message = format('staged_drafts.send_item_id names no send item of tenant %s', new.client_id),
        detail = json_build_object('table', 'staged_drafts', 'column', 'send_item_id')::text;
    end if;
  end if;
  return null;
end $function$;

CREATE OR REPLACE FUNCTION public.baton_store_access_token(p_client text, p_token_hash text, p_grant text, p_payload jsonb, p_expires_at timestamp with time zone)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_principal uuid;
  v_app text;
begin
  select g.principal_id, g.app_id into v_principal, v_app
    from oauth_grants g
    join principals p on p.client_id = g.client_id and p.principal_id = g.principal_id
   where g.client_id = p_client and p.client_id = p_client and g.grant_id = p_grant
     and p.kind = 'person' and p.deactivated_at is null
     and (g.expires_at is null or g.expires_at > now());
  if v_principal is null or p_expires_at is null or p_payload ->> 'clientId' is distinct from v_app then
    perform baton_guard_raise('BG002',
      'an access token is stored for a live grant of an active person, for the client of that grant',
      jsonb_build_object('role', session_user, 'operation', 'store an access token of no such grant in',
                         'table', 'oauth_tokens'));
  end if;
  insert into oauth_tokens (client_id, token_hash, model, grant_id, payload, expires_at, created_at)
    values (p_client, p_token_hash, 'AccessToken', p_grant, p_payload, p_expires_at, now())
    on conflict (client_id, token_hash) do nothing;
  if found then
    insert into oauth_access_token_issues (client_id, token_hash, grant_id, principal_id, app_id, scopes,
                                           issued_at, expires_at)
      values (p_client, p_token_hash, p_grant, v_principal, v_app,
              array_remove(string_to_array(coalesce(p_payload ->> 'scope', ''), ' '), ''), now(), p_expires_at);
  end if;
end $function$;
revoke execute on function baton_store_access_token(p_client text, p_token_hash text, p_grant text, p_payload jsonb, p_expires_at timestamp with time zone) from public;

CREATE OR REPLACE FUNCTION public.baton_terms_pattern(p_terms text[])
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
AS $function$
  select string_agg(regexp_replace(t, '([.^$*+?()\[\]{}|\\-])', '\\\1', 'g'), '|'
                    order by length(t) desc, t)
  from (select distinct btrim(x) as t from unnest(p_terms) x where length(btrim(x)) >= 3) s
$function$;

CREATE OR REPLACE FUNCTION public.cadence_event_log_append_only()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  if tg_op = 'UPDATE' and current_setting('baton.erasure', true) = 'on' and baton_owner_acting(tg_relid)
     and (to_jsonb(new) - 'details' - 'resolution') = (to_jsonb(old) - 'details' - 'resolution') then
    return new;
  end if;
  raise exception using errcode = 'BC900', message = 'cadence_event_log is append-only',
    detail = json_build_object('operation', tg_op)::text;
end $function$;

CREATE OR REPLACE FUNCTION public.campaign_contacts_clear_hold_reason()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  new.hold_reason := null;
  return new;
end $function$;

CREATE OR REPLACE FUNCTION public.campaign_sequences_check_order()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
declare
  cid uuid := coalesce(new.campaign_id, old.campaign_id);
  tenant text := coalesce(new.client_id, old.client_id);
  n int;
  mx int;
  bad_step int;
begin
  select count(*), coalesce(max(step_number), 0) into n, mx from campaign_sequences
   where client_id = tenant and campaign_id = cid;
  if n <> mx then
    raise exception using errcode = 'BE001', message = 'campaign steps must be numbered 1..n without a gap',
      detail = json_build_object('campaign_id', cid, 'steps', n, 'max_step', mx)::text;
  end if;
  select b.step_number into bad_step
    from campaign_sequences a join campaign_sequences b
      on b.client_id = a.client_id and b.campaign_id = a.campaign_id and b.step_number = a.step_number + 1
   where a.client_id = tenant and a.campaign_id = cid and b.delay_days < a.delay_days
   limit 1;
  if bad_step is not null then
    raise exception using errcode = 'BE002', message = 'campaign step delay_days must not decrease',
      detail = json_build_object('campaign_id', cid, 'step_number', bad_step)::text;
  end if;
  return null;
end $function$;

CREATE OR REPLACE FUNCTION public.event_log_daily_live(p_client text, p_since timestamp with time zone)
 RETURNS TABLE(day date, kind text, cohort text, reason text, action text, n bigint)
 LANGUAGE plpgsql
 STABLE
 SET jit TO 'off'
AS $function$
#variable_conflict use_column
declare
  v_next_day timestamptz := ((p_since at time zone 'UTC')::date + 1)::timestamp at time zone 'UTC';
  v_horizon bigint;
begin
  select c.horizon into v_horizon from event_log_cursors c
   where c.client_id = p_client and c.consumer = 'workspace_daily';
  return query
  select r.day, r.kind, r.cohort, r.reason, r.action, r.n
    from event_log_daily r
   where r.client_id = p_client and r.day >= (v_next_day at time zone 'UTC')::date;
  return query
  select t.day, t.kind, t.cohort, t.reason, t.action, t.n
    from event_log_daily_rows(p_client, coalesce(v_horizon, 0), null, v_next_day, null) t;
  return query
  select t.day, t.kind, t.cohort, t.reason, t.action, t.n
    from event_log_daily_rows(p_client, 0, null, p_since, v_next_day) t;
end $function$;

CREATE OR REPLACE FUNCTION public.event_log_daily_rows(p_client text, p_lo bigint, p_hi bigint, p_from timestamp with time zone, p_to timestamp with time zone)
 RETURNS TABLE(day date, kind text, cohort text, reason text, action text, n bigint)
 LANGUAGE plpgsql
 STABLE
 SET jit TO 'off'
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
#variable_conflict use_column
begin
  return query
  select (e.occurred_at at time zone 'UTC')::date, k.kind,
         case when e.originating_proposal_id is null then 'other' else 'brain' end,
         k.reason, k.action, count(*)
    from cadence_event_log e
   cross join lateral (
     select 'touch', '', '' where e.event_type = 'touch'
     union all
     select 'reply', '', '' where e.event_type in ('reply', 'reply_received')
     union all
     select 'suppressed', e.suppressed_reason, coalesce(e.coordinator_action, 'block')
      where e.suppressed_reason is not null
   ) k(kind, reason, action)
   where e.client_id = p_client
     and e.xact >= p_lo and (p_hi is null or e.xact < p_hi)
     and (p_from is null or e.occurred_at >= p_from) and (p_to is null or e.occurred_at < p_to)
     and (e.event_type in ('touch', 'reply', 'reply_received') or e.suppressed_reason is not null)
   group by 1, 2, 3, 4, 5;
end $function$;

CREATE OR REPLACE FUNCTION public.learning_funnel_live(p_client text)
 RETURNS TABLE(campaign_id uuid, step_number integer, variant text, week date, metric text, n bigint)
 LANGUAGE plpgsql
 STABLE
AS $function$
#variable_conflict use_column
declare
  v_horizon bigint;
begin
  select c.horizon into v_horizon from event_log_cursors c
   where c.client_id = p_client and c.consumer = 'learning_rollup';
  return query
  select r.campaign_id, r.step_number, r.variant, r.week, r.metric, r.n
    from learning_funnel_rollup r where r.client_id = p_client;
  return query
  select t.campaign_id, t.step_number, t.variant, t.week, t.metric, t.n
    from learning_rollup_rows(p_client, coalesce(v_horizon, 0), null) t;
end $function$;

CREATE OR REPLACE FUNCTION public.learning_rollup_rows(p_client text, p_lo bigint, p_hi bigint)
 RETURNS TABLE(campaign_id uuid, step_number integer, variant text, week date, metric text, n bigint)
 LANGUAGE plpgsql
 STABLE
 SET jit TO 'off'
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
#variable_conflict use_column
begin
  return query
  with new_rows as materialized (
    select * from cadence_event_log e
     where e.client_id = p_client and e.xact >= p_lo and (p_hi is null or e.xact < p_hi)
       and ((e.campaign_id is not null
             and e.event_type in ('held', 'queued', 'suppressed', 'rejected', 'touch', 'bounce', 'reply', 'exit'))
            or e.event_type = 'opted_out')
  )
  select x.campaign_id, x.step_number, x.variant, x.week, x.metric, sum(x.n)::bigint
    from (
      -- gate decisions: at their own step, no variant, no touch looked up
      select e.campaign_id, coalesce(e.step_number, 0) as step_number, ''::text as variant,
             (date_trunc('week', e.occurred_at at time zone 'UTC'))::date as week,
             case e.event_type
               when 'held' then 'held:' || coalesce(e.suppressed_reason, 'touch_cap_exceeded')
               when 'queued' then 'queued:' || coalesce(e.suppressed_reason, 'conflict_resolved_queued')
               else 'blocked:' || coalesce(e.suppressed_reason, e.resolution, 'gate_' || e.gate::text, 'unknown')
             end as metric,
             count(*) as n
        from new_rows e
       where e.campaign_id is not null
         and e.event_type in ('held', 'queued', 'suppressed', 'rejected')
       group by 1, 2, 3, 4, 5
      union all
      select a.campaign_id, a.step_number, a.variant,
             (date_trunc('week', a.occurred_at at time zone 'UTC'))::date, m.metric, count(*)
        from (
          select ev.campaign_id, ev.occurred_at, ev.metric,
                 case when ev.own then coalesce(ev.step_number, 0)
                      else coalesce(t.step_number, ev.step_number, 0) end as step_number,
                 case when ev.own then coalesce(ev.variant, '')
                      else coalesce(t.variant, '') end as variant,
                 t.occurred_at as touched_at
            from (
              select e.client_id, e.campaign_id, e.enrollment_id, e.contact_id, e.step_number,
                     e.send_item_id, e.occurred_at,
                     case e.event_type
                       when 'touch' then 'sent'
                       when 'bounce' then 'bounced'
                       when 'reply' then 'replied:' || coalesce(e.details ->> 'intent', 'other')
                       when 'exit' then 'exit:' || coalesce(e.resolution, 'unknown')
                     end as metric,
                     -- a touch is counted at its own step
                     e.event_type not in ('bounce', 'reply', 'exit') as own,
                     case when e.event_type = 'touch' then
                       case when e.details ? 'variant' then e.details ->> 'variant'
                            else (select s.variant from sales_send_queue s
                                  where s.client_id = p_client and s.id = e.send_item_id) end
                     end as variant
                from new_rows e
               where e.campaign_id is not null
                 and e.event_type in ('touch', 'bounce', 'reply', 'exit')
              union all
              -- an opt-out ends the contact's enrollments; count it on each one's campaign
              select e.client_id, cc.campaign_id, cc.id, e.contact_id, null, null, e.occurred_at,
                     'opted_out', false, null
                from new_rows e
               cross join lateral jsonb_array_elements_text(
                       case when jsonb_typeof(e.details -> 'enrollments_terminated') = 'array'
                            then e.details -> 'enrollments_terminated' else '[]'::jsonb end) x(id)
                join campaign_contacts cc on cc.id = x.id::uuid and cc.client_id = p_client
               where e.event_type = 'opted_out'
            ) ev
            -- the touch it is attributed to (replies, exits, opt-outs, bounces), or for a touch the
            -- enrollment's previous step's touch (the gap between steps)
            left join lateral (
              select t.step_number, t.occurred_at,
                     coalesce(t.details ->> 'variant',
                              (select s.variant from sales_send_queue s
                                where s.client_id = p_client and s.id = t.send_item_id)) as variant
                from cadence_event_log t
               where (not ev.own or (ev.metric = 'sent' and ev.step_number > 1))
                 and t.client_id = p_client and t.contact_id = ev.contact_id
                 and t.event_type = 'touch' and t.enrollment_id = ev.enrollment_id
                 and t.occurred_at <= ev.occurred_at
                 and (ev.metric <> 'sent' or t.step_number < ev.step_number)
                 and (ev.metric <> 'bounced' or t.send_item_id = ev.send_item_id)
               order by t.occurred_at desc, t.event_id desc
               limit 1
            ) t on true
        ) a
        cross join lateral (
          select a.metric
          union all
          select case when a.metric = 'sent' then 'gap_sent:' else 'gap_reply:' end
                 || least(60, greatest(0, floor(extract(epoch from (a.occurred_at - a.touched_at)) / 86400)))::int::text
           where a.touched_at is not null and (a.metric = 'sent' or a.metric like 'replied:%')
        ) m(metric)
       group by 1, 2, 3, 4, 5
    ) x
   group by 1, 2, 3, 4, 5;
end $function$;

-- triggers

CREATE TRIGGER accounts_time_zone_valid AFTER INSERT OR UPDATE OF time_zone ON accounts FOR EACH ROW EXECUTE FUNCTION baton_check_time_zone();

CREATE TRIGGER api_tokens_keep_columns BEFORE UPDATE ON api_tokens FOR EACH ROW EXECUTE FUNCTION baton_credentials_keep_columns();

CREATE TRIGGER api_tokens_stay_revoked BEFORE UPDATE ON api_tokens FOR EACH ROW EXECUTE FUNCTION baton_credentials_stay_revoked();

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION baton_audit_log_append_only();

CREATE TRIGGER audit_log_no_update BEFORE DELETE OR UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION baton_audit_log_append_only();

CREATE TRIGGER baton_owner_settings_guard BEFORE INSERT OR DELETE OR UPDATE ON baton_owner_settings FOR EACH ROW EXECUTE FUNCTION baton_owner_settings_guard();

CREATE TRIGGER baton_owner_settings_no_truncate BEFORE TRUNCATE ON baton_owner_settings FOR EACH STATEMENT EXECUTE FUNCTION baton_owner_settings_guard();

CREATE TRIGGER brain_proposals_keep_events BEFORE DELETE ON brain_proposals FOR EACH ROW EXECUTE FUNCTION baton_keeps_children('proposal_id', 'cadence_event_log', 'originating_proposal_id', 'sales_send_queue', 'originating_proposal_id');

CREATE TRIGGER brain_proposals_keep_events_key BEFORE UPDATE OF client_id, proposal_id ON brain_proposals FOR EACH ROW WHEN (old.client_id IS DISTINCT FROM new.client_id OR old.proposal_id IS DISTINCT FROM new.proposal_id) EXECUTE FUNCTION baton_keeps_children('proposal_id', 'cadence_event_log', 'originating_proposal_id', 'sales_send_queue', 'originating_proposal_id');

CREATE TRIGGER brain_proposals_keep_events_truncate BEFORE TRUNCATE ON brain_proposals FOR EACH STATEMENT EXECUTE FUNCTION baton_keeps_children('proposal_id', 'cadence_event_log', 'originating_proposal_id', 'sales_send_queue', 'originating_proposal_id');

CREATE TRIGGER cadence_event_log_no_truncate BEFORE TRUNCATE ON cadence_event_log FOR EACH STATEMENT EXECUTE FUNCTION baton_refuse_truncate('BC900');

CREATE TRIGGER cadence_event_log_no_update BEFORE DELETE OR UPDATE ON cadence_event_log FOR EACH ROW EXECUTE FUNCTION cadence_event_log_append_only();

CREATE TRIGGER cadence_event_log_tenant_refs AFTER INSERT ON cadence_event_log REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION baton_event_log_tenant_refs();

CREATE TRIGGER campaign_contacts_clear_hold_reason BEFORE UPDATE ON campaign_contacts FOR EACH ROW WHEN (new.hold_reason IS NOT NULL AND new.status <> 'paused'::text) EXECUTE FUNCTION campaign_contacts_clear_hold_reason();

CREATE TRIGGER campaign_contacts_keep_items BEFORE DELETE ON campaign_contacts FOR EACH ROW EXECUTE FUNCTION baton_keeps_children('id', 'sales_send_queue', 'enrollment_id');

CREATE TRIGGER campaign_contacts_keep_items_key BEFORE UPDATE OF client_id, id ON campaign_contacts FOR EACH ROW WHEN (old.client_id IS DISTINCT FROM new.client_id OR old.id IS DISTINCT FROM new.id) EXECUTE FUNCTION baton_keeps_children('id', 'sales_send_queue', 'enrollment_id');

CREATE TRIGGER campaign_contacts_keep_items_truncate BEFORE TRUNCATE ON campaign_contacts FOR EACH STATEMENT EXECUTE FUNCTION baton_keeps_children('id', 'sales_send_queue', 'enrollment_id');

CREATE TRIGGER campaign_handoffs_tenant_refs BEFORE INSERT OR UPDATE OF client_id, routed_campaign_ids, routed_enrollment_ids ON campaign_handoffs FOR EACH ROW EXECUTE FUNCTION baton_handoff_tenant_refs();

CREATE CONSTRAINT TRIGGER campaign_sequences_order AFTER INSERT OR DELETE OR UPDATE ON campaign_sequences DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION campaign_sequences_check_order();

CREATE TRIGGER campaigns_keep_items BEFORE DELETE ON campaigns FOR EACH ROW EXECUTE FUNCTION baton_keeps_children('id', 'sales_send_queue', 'campaign_id');

CREATE TRIGGER campaigns_keep_items_key BEFORE UPDATE OF client_id, id ON campaigns FOR EACH ROW WHEN (old.client_id IS DISTINCT FROM new.client_id OR old.id IS DISTINCT FROM new.id) EXECUTE FUNCTION baton_keeps_children('id', 'sales_send_queue', 'campaign_id');

CREATE TRIGGER campaigns_keep_items_truncate BEFORE TRUNCATE ON campaigns FOR EACH STATEMENT EXECUTE FUNCTION baton_keeps_children('id', 'sales_send_queue', 'campaign_id');

CREATE TRIGGER clients_init AFTER INSERT ON clients FOR EACH ROW EXECUTE FUNCTION baton_init_client();

CREATE TRIGGER clients_keep_events BEFORE DELETE ON clients FOR EACH ROW EXECUTE FUNCTION baton_event_log_keeps_parent('client_id');

CREATE TRIGGER clients_keep_events_key BEFORE UPDATE OF client_id ON clients FOR EACH ROW WHEN (old.client_id IS DISTINCT FROM new.client_id) EXECUTE FUNCTION baton_event_log_keeps_parent('client_id');

CREATE TRIGGER clients_keep_outbox BEFORE DELETE ON clients FOR EACH ROW EXECUTE FUNCTION baton_keeps_children('client_id', 'crm_outbox', 'client_id');

CREATE TRIGGER clients_keep_outbox_key BEFORE UPDATE OF client_id ON clients FOR EACH ROW WHEN (old.client_id IS DISTINCT FROM new.client_id) EXECUTE FUNCTION baton_keeps_children('client_id', 'crm_outbox', 'client_id');

CREATE TRIGGER contacts_active_sequence_tenant_ins BEFORE INSERT ON contacts FOR EACH ROW WHEN (new.active_sequence_id IS NOT NULL) EXECUTE FUNCTION baton_contacts_active_sequence_tenant();

CREATE TRIGGER contacts_active_sequence_tenant_upd BEFORE UPDATE OF active_sequence_id, client_id ON contacts FOR EACH ROW WHEN (new.active_sequence_id IS NOT NULL AND (new.active_sequence_id IS DISTINCT FROM old.active_sequence_id OR new.client_id IS DISTINCT FROM old.client_id)) EXECUTE FUNCTION baton_contacts_active_sequence_tenant();

CREATE TRIGGER contacts_keep_events BEFORE DELETE ON contacts FOR EACH ROW EXECUTE FUNCTION baton_event_log_keeps_parent('contact_id');

CREATE TRIGGER contacts_keep_events_key BEFORE UPDATE OF client_id, contact_id ON contacts FOR EACH ROW WHEN (old.client_id IS DISTINCT FROM new.client_id OR old.contact_id IS DISTINCT FROM new.contact_id) EXECUTE FUNCTION baton_event_log_keeps_parent('contact_id');

CREATE TRIGGER contacts_keep_events_truncate BEFORE TRUNCATE ON contacts FOR EACH STATEMENT EXECUTE FUNCTION baton_event_log_keeps_parent('contact_id');

CREATE TRIGGER contacts_keep_items BEFORE DELETE ON contacts FOR EACH ROW EXECUTE FUNCTION baton_keeps_children('contact_id', 'sales_send_queue', 'contact_id', 'crm_outbox', 'contact_id');

CREATE TRIGGER contacts_keep_items_key BEFORE UPDATE OF client_id, contact_id ON contacts FOR EACH ROW WHEN (old.client_id IS DISTINCT FROM new.client_id OR old.contact_id IS DISTINCT FROM new.contact_id) EXECUTE FUNCTION baton_keeps_children('contact_id', 'sales_send_queue', 'contact_id', 'crm_outbox', 'contact_id');

CREATE TRIGGER contacts_keep_items_truncate BEFORE TRUNCATE ON contacts FOR EACH STATEMENT EXECUTE FUNCTION baton_keeps_children('contact_id', 'sales_send_queue', 'contact_id', 'crm_outbox', 'contact_id');

CREATE TRIGGER contacts_time_zone_valid AFTER INSERT OR UPDATE OF time_zone ON contacts FOR EACH ROW EXECUTE FUNCTION baton_check_time_zone();

CREATE TRIGGER crm_links_tenant_refs BEFORE INSERT OR UPDATE OF client_id, kind, baton_id ON crm_links FOR EACH ROW EXECUTE FUNCTION baton_crm_links_tenant_refs();

CREATE TRIGGER crm_outbox_client_tenant_upd BEFORE UPDATE OF client_id ON crm_outbox FOR EACH ROW WHEN (new.client_id IS DISTINCT FROM old.client_id) EXECUTE FUNCTION baton_row_tenant_ref('client_id', 'clients', 'client_id');

CREATE TRIGGER crm_outbox_contact_tenant_upd BEFORE UPDATE OF client_id, contact_id ON crm_outbox FOR EACH ROW WHEN (new.client_id IS DISTINCT FROM old.client_id OR new.contact_id IS DISTINCT FROM old.contact_id) EXECUTE FUNCTION baton_row_tenant_ref('contact_id', 'contacts', 'contact_id');

CREATE TRIGGER crm_outbox_tenant_refs AFTER INSERT ON crm_outbox REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION baton_crm_outbox_tenant_refs();

CREATE TRIGGER oauth_tokens_access_keep BEFORE INSERT OR UPDATE ON oauth_tokens FOR EACH ROW EXECUTE FUNCTION baton_access_tokens_keep();

CREATE TRIGGER play_execution_requests_event_tenant BEFORE INSERT OR UPDATE OF event_id, client_id ON play_execution_requests FOR EACH ROW WHEN (new.event_id IS NOT NULL) EXECUTE FUNCTION baton_play_execution_event_tenant();

CREATE TRIGGER play_library_config_guard BEFORE UPDATE ON play_library_config FOR EACH ROW EXECUTE FUNCTION baton_play_config_guard();

CREATE TRIGGER play_library_config_guard_insert_delete BEFORE INSERT OR DELETE ON play_library_config FOR EACH ROW EXECUTE FUNCTION baton_play_config_guard();

CREATE TRIGGER plays_before_delete BEFORE DELETE ON plays FOR EACH ROW EXECUTE FUNCTION baton_plays_before_delete();

CREATE TRIGGER plays_before_insert BEFORE INSERT ON plays FOR EACH ROW EXECUTE FUNCTION baton_plays_before_insert();

CREATE TRIGGER plays_before_update BEFORE UPDATE ON plays FOR EACH ROW EXECUTE FUNCTION baton_plays_before_update();

CREATE TRIGGER plays_keep_events BEFORE DELETE ON plays FOR EACH ROW EXECUTE FUNCTION baton_keeps_children('play_id', 'cadence_event_log', 'play_id', 'sales_send_queue', 'play_id');

CREATE TRIGGER plays_keep_events_key BEFORE UPDATE OF client_id, play_id ON plays FOR EACH ROW WHEN (old.client_id IS DISTINCT FROM new.client_id OR old.play_id IS DISTINCT FROM new.play_id) EXECUTE FUNCTION baton_keeps_children('play_id', 'cadence_event_log', 'play_id', 'sales_send_queue', 'play_id');

CREATE TRIGGER plays_keep_events_truncate BEFORE TRUNCATE ON plays FOR EACH STATEMENT EXECUTE FUNCTION baton_keeps_children('play_id', 'cadence_event_log', 'play_id', 'sales_send_queue', 'play_id');

CREATE TRIGGER plays_no_truncate BEFORE TRUNCATE ON plays FOR EACH STATEMENT EXECUTE FUNCTION baton_refuse_truncate('BP013');

CREATE TRIGGER plays_shape_rules BEFORE INSERT OR UPDATE ON plays FOR EACH ROW EXECUTE FUNCTION baton_plays_shape_rules();

CREATE TRIGGER plays_archive_guard BEFORE DELETE OR UPDATE ON plays_archive FOR EACH ROW EXECUTE FUNCTION baton_plays_archive_guard();

CREATE TRIGGER plays_archive_insert_guard BEFORE INSERT ON plays_archive FOR EACH ROW EXECUTE FUNCTION baton_plays_archive_insert_guard();

CREATE CONSTRAINT TRIGGER plays_archive_moved AFTER INSERT ON plays_archive DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION baton_plays_archive_moved();

CREATE TRIGGER plays_archive_no_truncate BEFORE TRUNCATE ON plays_archive FOR EACH STATEMENT EXECUTE FUNCTION baton_refuse_truncate('BP013');

CREATE TRIGGER sales_send_queue_campaign_tenant_upd BEFORE UPDATE OF client_id, campaign_id ON sales_send_queue FOR EACH ROW WHEN (new.client_id IS DISTINCT FROM old.client_id OR new.campaign_id IS DISTINCT FROM old.campaign_id) EXECUTE FUNCTION baton_row_tenant_ref('campaign_id', 'campaigns', 'id');

CREATE TRIGGER sales_send_queue_contact_tenant_upd BEFORE UPDATE OF client_id, contact_id ON sales_send_queue FOR EACH ROW WHEN (new.client_id IS DISTINCT FROM old.client_id OR new.contact_id IS DISTINCT FROM old.contact_id) EXECUTE FUNCTION baton_row_tenant_ref('contact_id', 'contacts', 'contact_id');

CREATE TRIGGER sales_send_queue_enrollment_tenant_upd BEFORE UPDATE OF client_id, enrollment_id ON sales_send_queue FOR EACH ROW WHEN (new.client_id IS DISTINCT FROM old.client_id OR new.enrollment_id IS DISTINCT FROM old.enrollment_id) EXECUTE FUNCTION baton_row_tenant_ref('enrollment_id', 'campaign_contacts', 'id');

CREATE TRIGGER sales_send_queue_keep_drafts BEFORE DELETE ON sales_send_queue FOR EACH ROW EXECUTE FUNCTION baton_keeps_children('id', 'staged_drafts', 'send_item_id');

CREATE TRIGGER sales_send_queue_keep_drafts_key BEFORE UPDATE OF client_id, id ON sales_send_queue FOR EACH ROW WHEN (old.client_id IS DISTINCT FROM new.client_id OR old.id IS DISTINCT FROM new.id) EXECUTE FUNCTION baton_keeps_children('id', 'staged_drafts', 'send_item_id');

CREATE TRIGGER sales_send_queue_keep_drafts_truncate BEFORE TRUNCATE ON sales_send_queue FOR EACH STATEMENT EXECUTE FUNCTION baton_keeps_children('id', 'staged_drafts', 'send_item_id');

CREATE TRIGGER sales_send_queue_play_tenant_upd BEFORE UPDATE OF client_id, play_id ON sales_send_queue FOR EACH ROW WHEN (new.client_id IS DISTINCT FROM old.client_id OR new.play_id IS DISTINCT FROM old.play_id) EXECUTE FUNCTION baton_row_tenant_ref('play_id', 'plays', 'play_id');

CREATE TRIGGER sales_send_queue_proposal_tenant_upd BEFORE UPDATE OF client_id, originating_proposal_id ON sales_send_queue FOR EACH ROW WHEN (new.client_id IS DISTINCT FROM old.client_id OR new.originating_proposal_id IS DISTINCT FROM old.originating_proposal_id) EXECUTE FUNCTION baton_row_tenant_ref('originating_proposal_id', 'brain_proposals', 'proposal_id');

CREATE TRIGGER sales_send_queue_tenant_refs AFTER INSERT ON sales_send_queue REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION baton_send_queue_tenant_refs();

CREATE TRIGGER segments_play_config_guard BEFORE UPDATE ON segments FOR EACH ROW EXECUTE FUNCTION baton_play_config_guard();

CREATE TRIGGER segments_play_config_guard_insert_delete BEFORE INSERT OR DELETE ON segments FOR EACH ROW EXECUTE FUNCTION baton_play_config_guard();

CREATE TRIGGER sessions_keep_columns BEFORE UPDATE ON sessions FOR EACH ROW EXECUTE FUNCTION baton_credentials_keep_columns();

CREATE TRIGGER sessions_stay_revoked BEFORE UPDATE ON sessions FOR EACH ROW EXECUTE FUNCTION baton_credentials_stay_revoked();

CREATE CONSTRAINT TRIGGER staged_drafts_item_tenant AFTER INSERT OR UPDATE OF send_item_id, client_id ON staged_drafts DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION baton_staged_drafts_item_tenant();
