-- SalesPlayLibrary tables as spec 000 gives them. Triggers (state machine, who-may-write,
-- edit log, caps) come in the plays migrations 0010-0029.

-- BrainAnalysisLog, minimal: the brain output a play's lineage points back to.
create table brain_agents (
  client_id   text not null references clients (client_id),
  agent_id    varchar(16) not null check (agent_id ~ '^AGT-[0-9]{3,6}$'),
  name        text not null,
  created_at  timestamptz not null default now(),
  primary key (client_id, agent_id)
);

create table brain_proposals (
  proposal_id  uuid not null default gen_random_uuid() primary key,
  client_id    text not null references clients (client_id),
  agent_id     varchar(16) not null,
  payload      jsonb not null default '{}',
  created_at   timestamptz not null default now(),
  unique (client_id, proposal_id),
  foreign key (client_id, agent_id) references brain_agents (client_id, agent_id)
);

-- SalesPlayLibraryConfig (L0): the default per-segment cap. Per-segment overrides live on segments.
create table play_library_config (
  client_id            text primary key references clients (client_id),
  default_segment_cap  int not null default 5 check (default_segment_cap between 3 and 8),
  review_threshold     int not null default 30 check (review_threshold > 0),
  updated_at           timestamptz not null default now(),
  updated_by_user_id   uuid
);

-- New tenants get the default brain agents and config.
create function baton_init_client() returns trigger language plpgsql as $$
begin
  insert into brain_agents (client_id, agent_id, name) values
    (new.client_id, 'AGT-901', 'Pipeline Brain'),
    (new.client_id, 'AGT-902', 'Account Brain');
  insert into play_library_config (client_id) values (new.client_id);
  return new;
end $$;
create trigger clients_init after insert on clients for each row execute function baton_init_client();

create table plays (
  play_id                  uuid not null default gen_random_uuid() primary key,
  client_id                text not null references clients (client_id),
  state                    text not null default 'draft'
                             check (state in ('draft', 'under_review', 'active', 'retired')),
  scope                    text not null check (scope in ('segment', 'account_specific')),
  segment                  varchar(64),
  account_id               uuid,
  name                     varchar(128) not null,
  hypothesis               text not null,
  target_definition        jsonb not null,
  suggested_cadence        jsonb not null,
  success_criteria         jsonb not null,
  originating_proposal_id  uuid not null,
  writer_agent_id          varchar(16) not null,
  created_at               timestamptz not null default now(),
  picked_up_by_user_id     uuid,
  picked_up_at             timestamptz,
  edits_during_review      jsonb,
  slm_approver_user_id     uuid,
  slm_approved_at          timestamptz,
  revops_approver_user_id  uuid,
  revops_approved_at       timestamptz,
  activated_at             timestamptz,
  active_period_start      date,
  active_period_end        date,
  retired_at               timestamptz,
  retired_by_user_id       uuid,
  retire_reason            text check (retire_reason in ('completed', 'replaced', 'poor_performance',
                             'rejected_at_review', 'rejected_at_draft', 'auto_sunset')),
  retrospective_outcomes   jsonb,
  copied_from_play_id      uuid,
  updated_at               timestamptz not null default now(),
  unique (client_id, play_id),
  constraint plays_scope_target check (
    (scope = 'segment' and segment is not null and account_id is null)
    or (scope = 'account_specific' and account_id is not null)
  ),
  constraint plays_active_requires_approvers check (
    state <> 'active'
    or (slm_approver_user_id is not null and revops_approver_user_id is not null
        and activated_at is not null and active_period_start is not null)
  ),
  foreign key (client_id, segment) references segments (client_id, segment),
  foreign key (client_id, account_id) references accounts (client_id, account_id),
  foreign key (client_id, originating_proposal_id) references brain_proposals (client_id, proposal_id),
  -- writer_agent_id IN the allowed brain set, extensible by inserting into brain_agents
  foreign key (client_id, writer_agent_id) references brain_agents (client_id, agent_id),
  foreign key (client_id, picked_up_by_user_id) references principals (client_id, principal_id),
  foreign key (client_id, slm_approver_user_id) references principals (client_id, principal_id),
  foreign key (client_id, revops_approver_user_id) references principals (client_id, principal_id),
  foreign key (client_id, retired_by_user_id) references principals (client_id, principal_id),
  foreign key (client_id, copied_from_play_id) references plays (client_id, play_id)
);

-- Indexes 1-5, exactly as spec 000 gives them.
create index plays_idx1_active_segment on plays (state, segment) where state = 'active';
create index plays_idx2_active_account on plays (state, account_id) where state = 'active' and account_id is not null;
create index plays_idx3_pending on plays (state, created_at desc) where state in ('draft', 'under_review');
create index plays_idx4_proposal on plays (originating_proposal_id);
create index plays_idx5_writer on plays (writer_agent_id, created_at desc);
