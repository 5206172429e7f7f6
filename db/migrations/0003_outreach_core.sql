-- The shared outreach model (spec 002 tables, extended for spec 001). An enrollment
-- (campaign_contacts row) is what spec 001 calls an active sequence on a prospect.
-- Coordinator migrations are 0030-0049, campaigns/engine 0050-0069.

create table campaigns (
  id           uuid not null default gen_random_uuid() primary key,
  client_id    text not null references clients (client_id),
  slug         text not null check (slug ~ '^[a-z0-9][a-z0-9_]{0,63}$'),
  name         text not null,
  type         text not null,                 -- event | membership | platform | onboarding | play | ...
  owner_role   text not null,                 -- roles.bdr | roles.sales | roles.cs | ...
  -- the sequence type the coordinator's gates see (spec 001)
  kind         text not null default 'sales'
                 check (kind in ('sales', 'nurture', 'marketing', 'transactional', 'abm')),
  status       text not null default 'active' check (status in ('active', 'paused', 'archived')),
  on_exit      jsonb not null default '{}',
  -- campaigns that run an active play carry its lineage (spec 001 wire 4)
  play_id      uuid,
  approval_policy text not null default 'require_approval'
                 check (approval_policy in ('require_approval', 'auto_send')),
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  unique (client_id, slug),
  unique (client_id, id),
  -- spec 002: a sales agent never sends on its own
  constraint campaigns_sales_require_approval check (kind <> 'sales' or approval_policy = 'require_approval'),
  foreign key (client_id, play_id) references plays (client_id, play_id)
);

create table campaign_sequences (
  id                     uuid not null default gen_random_uuid() primary key,
  client_id              text not null,
  campaign_id            uuid not null,
  step_number            int not null check (step_number >= 1),
  delay_days             int not null check (delay_days >= 0),
  channel                text not null check (channel in ('email', 'linkedin')),
  content_type           text not null check (content_type in ('follow_up', 'proof', 'boss_arming',
                           'campaign_visibility', 'personal_visibility', 'marketing_relief', 'close', 'exit')),
  template_instructions  text not null,
  unique (campaign_id, step_number),
  foreign key (client_id, campaign_id) references campaigns (client_id, id)
);

create table campaign_contacts (
  id                       uuid not null default gen_random_uuid() primary key,
  client_id                text not null,
  contact_id               uuid not null,
  campaign_id              uuid not null,
  status                   text not null default 'active'
                             check (status in ('queued', 'active', 'paused', 'converted', 'rejected',
                                               'timed_out', 'exited', 'opted_out', 'cancelled')),
  current_step             int not null default 1 check (current_step >= 1),
  next_send_at             timestamptz,
  enrolled_at              timestamptz not null default now(),
  exited_at                timestamptz,
  exit_reason              text,
  goal                     text check (goal in ('awareness', 'pipeline', 'credibility', 'marketing_relief')),
  notes                    text,
  -- spec 001: the sequence type, who asked for it, and its lineage
  sequence_type            text not null
                             check (sequence_type in ('sales', 'nurture', 'marketing', 'transactional', 'abm')),
  originating_agent_id     varchar(16),
  requested_by_principal_id uuid,
  play_id                  uuid,
  originating_proposal_id  uuid,
  paused_until             timestamptz,
  -- engine lease: a claimed step is picked up again after claimed_until passes (crash recovery)
  claimed_by               text,
  claimed_until            timestamptz,
  updated_at               timestamptz not null default now(),
  unique (client_id, id),
  foreign key (client_id, contact_id) references contacts (client_id, contact_id),
  foreign key (client_id, campaign_id) references campaigns (client_id, id),
  foreign key (client_id, play_id) references plays (client_id, play_id),
  foreign key (client_id, originating_proposal_id) references brain_proposals (client_id, proposal_id),
  foreign key (client_id, requested_by_principal_id) references principals (client_id, principal_id)
);
-- spec 002: only one live enrollment per contact per campaign; exited ones are history.
create unique index campaign_contacts_active_uniq on campaign_contacts (contact_id, campaign_id)
  where status in ('queued', 'active', 'paused');
create index campaign_contacts_due_idx on campaign_contacts (next_send_at)
  where status in ('queued', 'active', 'paused');
create index campaign_contacts_contact_idx on campaign_contacts (client_id, contact_id);
create index campaign_contacts_campaign_idx on campaign_contacts (client_id, campaign_id, status);

create table staged_drafts (
  id                      uuid not null default gen_random_uuid() primary key,
  client_id               text not null,
  send_item_id            uuid,
  channel                 text not null check (channel in ('email', 'linkedin')),
  to_id                   text not null,
  subject                 text,
  body                    text not null,
  original_body           text,
  context                 jsonb not null,
  requires_personal_send  boolean not null default false,
  status                  text not null default 'pending'
                            check (status in ('pending', 'approved', 'rejected', 'cancelled')),
  drafted_by              text not null,        -- 'template', an agent id, or 'llm:<model>'
  decided_by_user_id      uuid,
  decided_at              timestamptz,
  reject_reason           text,
  created_at              timestamptz not null default now(),
  unique (client_id, id),
  foreign key (client_id, decided_by_user_id) references principals (client_id, principal_id)
);
create index staged_drafts_pending_idx on staged_drafts (client_id, created_at desc) where status = 'pending';

create table sales_send_queue (
  id                uuid not null default gen_random_uuid() primary key,
  client_id         text not null,
  contact_id        uuid not null,
  campaign_id       uuid not null,
  enrollment_id     uuid not null,
  step_number       int not null,
  channel           text not null check (channel in ('email', 'linkedin')),
  staged_draft_id   uuid,
  scheduled_at      timestamptz not null,
  sent_at           timestamptz,
  status            text not null default 'pending'
                      check (status in ('pending', 'drafted', 'approved', 'sent', 'failed', 'cancelled')),
  error             text,
  -- at most once: one send item per enrollment step, and the channel checks this key
  idempotency_key   text not null,
  attempts          int not null default 0,
  play_id           uuid,
  originating_proposal_id uuid,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  unique (client_id, id),
  unique (idempotency_key),
  foreign key (client_id, contact_id) references contacts (client_id, contact_id),
  foreign key (client_id, campaign_id) references campaigns (client_id, id),
  foreign key (client_id, enrollment_id) references campaign_contacts (client_id, id),
  foreign key (client_id, staged_draft_id) references staged_drafts (client_id, id)
);
create index sales_send_queue_status_idx on sales_send_queue (client_id, status, scheduled_at);
create index sales_send_queue_contact_idx on sales_send_queue (client_id, contact_id);

-- CadenceEventLog (spec 001), append-only: every request, decision, suppression, touch, reply, exit.
create table cadence_event_log (
  event_id                 bigint generated always as identity primary key,
  client_id                text not null references clients (client_id),
  occurred_at              timestamptz not null default now(),
  recorded_at              timestamptz not null default now(),
  contact_id               uuid,
  account_id               uuid,
  enrollment_id            uuid,
  campaign_id              uuid,
  send_item_id             uuid,
  step_number              int,
  sequence_type            text check (sequence_type in ('sales', 'nurture', 'marketing', 'transactional', 'abm')),
  channel                  text,
  event_type               text not null,
  coordinator_action       text check (coordinator_action in ('allow', 'hold', 'queue', 'block')),
  resolution               text,
  gate                     smallint check (gate between 1 and 5),
  touch_cap_at_event       int,
  compliance_status        text check (compliance_status in ('clear', 'blocked')),
  suppressed_reason        text check (suppressed_reason in ('compliance_block', 'abm_active_suppression',
                             'touch_cap_exceeded', 'conflict_resolved_queued')),
  release_at               timestamptz,
  originating_agent_id     varchar(16),
  actor_principal_id       uuid,
  play_id                  uuid,
  originating_proposal_id  uuid,
  details                  jsonb not null default '{}',
  foreign key (client_id, contact_id) references contacts (client_id, contact_id),
  foreign key (client_id, play_id) references plays (client_id, play_id),
  foreign key (client_id, originating_proposal_id) references brain_proposals (client_id, proposal_id)
);
create index cadence_event_log_contact_idx on cadence_event_log (client_id, contact_id, occurred_at);
-- gate 3 counts touches per prospect over a rolling window
create index cadence_event_log_touch_idx on cadence_event_log (client_id, contact_id, occurred_at)
  where event_type = 'touch';
create index cadence_event_log_play_idx on cadence_event_log (client_id, play_id, occurred_at) where play_id is not null;
create index cadence_event_log_proposal_idx on cadence_event_log (client_id, originating_proposal_id)
  where originating_proposal_id is not null;
create index cadence_event_log_reason_idx on cadence_event_log (client_id, suppressed_reason, occurred_at)
  where suppressed_reason is not null;

create function cadence_event_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception using errcode = 'BC900', message = 'cadence_event_log is append-only',
    detail = json_build_object('operation', tg_op)::text;
end $$;
create trigger cadence_event_log_no_update before update or delete on cadence_event_log
  for each row execute function cadence_event_log_append_only();
