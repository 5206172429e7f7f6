-- CRM (spec 002 "Attio Integration"): the built-in CRM's own tables, the links between Baton ids
-- and CRM record ids, and the outbox that makes a failed CRM write retried, never blocking or
-- losing the touch.

create table crm_contacts (
  crm_contact_id  uuid not null default gen_random_uuid() primary key,
  client_id       text not null references clients (client_id),
  contact_id      uuid not null,
  full_name       text not null,
  email           text,
  company         text,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  unique (client_id, contact_id)
);

create table crm_deals (
  deal_id          uuid not null default gen_random_uuid() primary key,
  client_id        text not null references clients (client_id),
  crm_contact_id   uuid not null references crm_contacts (crm_contact_id),
  name             text not null,
  stage            text not null check (stage in ('enrolled', 'engaged', 'meeting', 'proposal', 'won', 'lost')),
  closed_at        timestamptz,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now()
);

create table crm_activities (
  activity_id      bigint generated always as identity primary key,
  client_id        text not null references clients (client_id),
  crm_contact_id   uuid not null references crm_contacts (crm_contact_id),
  channel          text not null check (channel in ('email', 'linkedin')),
  content_type     text not null,
  occurred_at      timestamptz not null,
  note             text not null,
  created_at       timestamptz not null default now()
);
create index crm_activities_contact_idx on crm_activities (client_id, crm_contact_id, occurred_at);

-- Baton id -> the CRM's record id, per adapter ('builtin' | 'attio'): contacts by contact_id,
-- deals by enrollment id.
create table crm_links (
  client_id    text not null references clients (client_id),
  adapter      text not null,
  kind         text not null check (kind in ('contact', 'deal')),
  baton_id     uuid not null,
  external_id  text not null,
  created_at   timestamptz not null default now(),
  primary key (client_id, adapter, kind, baton_id)
);

-- The outbox: enqueued inside the caller's transaction; drained per contact, in id order.
create table crm_outbox (
  id               bigint generated always as identity primary key,
  client_id        text not null references clients (client_id),
  contact_id       uuid not null,
  op               text not null check (op in ('upsert_contact', 'log_activity', 'create_deal',
                                               'update_deal_stage', 'close_deal')),
  payload          jsonb not null,
  status           text not null default 'pending' check (status in ('pending', 'done', 'dead')),
  attempts         int not null default 0,
  next_attempt_at  timestamptz not null default now(),
  locked_by        text,
  locked_until     timestamptz,
  last_error       text,
  created_at       timestamptz not null default now(),
  done_at          timestamptz
);
create index crm_outbox_pending_idx on crm_outbox (next_attempt_at, id) where status = 'pending';
create index crm_outbox_contact_idx on crm_outbox (client_id, contact_id, id) where status = 'pending';
create index crm_outbox_dead_idx on crm_outbox (client_id, id) where status = 'dead';
