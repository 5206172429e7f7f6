-- The engine's own tables (spec 002 execute_sequence_step, approval, LinkedIn and personal sends).
-- The shared send queue and drafts stay in 0003; these hold the work that waits for a person or an
-- agent: drafting tasks (agents draft through the API), rep tasks (LinkedIn touches, close steps the
-- exec sends personally) and which drafter a campaign uses.

-- Which drafter writes a campaign's touches: the built-in template drafter unless set.
create table engine_campaign_drafters (
  client_id    text not null,
  campaign_id  uuid not null,
  drafter      text not null check (drafter in ('template', 'agent', 'llm')),
  updated_at   timestamptz not null default now(),
  primary key (client_id, campaign_id),
  foreign key (client_id, campaign_id) references campaigns (client_id, id)
);

-- A touch an agent drafts: listed, leased (lease_expires_at), submitted. An expired lease makes the
-- task available again, so a crashed agent never strands a step.
create table engine_drafting_tasks (
  id                 uuid not null default gen_random_uuid() primary key,
  client_id          text not null,
  send_item_id       uuid not null,
  enrollment_id      uuid not null,
  input              jsonb not null,
  status             text not null default 'open' check (status in ('open', 'submitted', 'cancelled')),
  leased_by_agent_id varchar(16),
  lease_expires_at   timestamptz,
  staged_draft_id    uuid,
  created_at         timestamptz not null default now(),
  submitted_at       timestamptz,
  unique (client_id, id),
  unique (send_item_id),
  foreign key (client_id, send_item_id) references sales_send_queue (client_id, id)
);
create index engine_drafting_tasks_open_idx on engine_drafting_tasks (client_id, created_at) where status = 'open';

-- Manual touches: a LinkedIn step for the rep (no sending API), or a close step the exec sends
-- personally (spec 002 requires_justin_send). Marking one done records the touch.
create table engine_rep_tasks (
  id                    uuid not null default gen_random_uuid() primary key,
  client_id             text not null,
  kind                  text not null check (kind in ('linkedin_touch', 'personal_send')),
  assignee_role         text not null check (assignee_role in ('rep', 'exec')),
  assignee_principal_id uuid,
  send_item_id          uuid not null,
  enrollment_id         uuid not null,
  contact_id            uuid not null,
  channel               text not null check (channel in ('email', 'linkedin')),
  to_id                 text not null,
  subject               text,
  body                  text not null,
  status                text not null default 'open' check (status in ('open', 'done', 'cancelled')),
  created_at            timestamptz not null default now(),
  done_at               timestamptz,
  done_by_principal_id  uuid,
  unique (client_id, id),
  unique (send_item_id),
  foreign key (client_id, send_item_id) references sales_send_queue (client_id, id),
  foreign key (client_id, contact_id) references contacts (client_id, contact_id)
);
create index engine_rep_tasks_open_idx on engine_rep_tasks (client_id, assignee_role, status, created_at);

-- The send loop looks for approved email items that are due.
create index sales_send_queue_due_idx on sales_send_queue (scheduled_at) where status = 'approved';
