-- Coordinator periphery (spec 001): event-log query indexes, notifications outbox, per-tenant
-- webhooks and their deliveries, proactive flags, and the record of play-execution requests.

-- Event-log queries page newest first by event_id (keyset), filtered by one dimension
-- (GET /api/v1/events). Each filter gets an index ending in event_id so a page is an index range
-- scan backwards, however many millions of rows the log holds.
create index cadence_event_log_client_page_idx on cadence_event_log (client_id, event_id);
create index cadence_event_log_contact_page_idx on cadence_event_log (client_id, contact_id, event_id)
  where contact_id is not null;
create index cadence_event_log_play_page_idx on cadence_event_log (client_id, play_id, event_id)
  where play_id is not null;
create index cadence_event_log_proposal_page_idx on cadence_event_log (client_id, originating_proposal_id, event_id)
  where originating_proposal_id is not null;
create index cadence_event_log_reason_page_idx on cadence_event_log (client_id, suppressed_reason, event_id)
  where suppressed_reason is not null;
create index cadence_event_log_type_page_idx on cadence_event_log (client_id, event_type, event_id);
-- stall flags look up the latest activity of each live enrollment; the cohort view reads a quarter
create index cadence_event_log_enrollment_idx on cadence_event_log (client_id, enrollment_id, occurred_at)
  where enrollment_id is not null;
create index cadence_event_log_occurred_idx on cadence_event_log (client_id, occurred_at);

-- Webhooks per tenant. The secret signs payloads (HMAC-SHA256, docs/notifications.md); the API
-- never returns it, only its last four characters.
create table notification_webhooks (
  webhook_id   uuid not null default gen_random_uuid() primary key,
  client_id    text not null references clients (client_id),
  url          text not null check (url ~ '^https?://' and length(url) <= 2000),
  secret       text not null check (length(secret) between 16 and 200),
  -- notification kinds this webhook receives ('flag.stall', or a prefix 'flag.*'); empty = all
  event_types  text[] not null default '{}',
  enabled      boolean not null default true,
  description  text not null default '',
  created_by   uuid,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  unique (client_id, webhook_id),
  foreign key (client_id, created_by) references principals (client_id, principal_id)
);

-- The notifications outbox: written in the transaction of the decision that causes it (notify()).
create table notification_outbox (
  notification_id  bigint generated always as identity primary key,
  client_id        text not null references clients (client_id),
  kind             text not null check (kind ~ '^[a-z0-9_]+(\.[a-z0-9_]+)*$'),
  recipient_kind   text not null check (recipient_kind in ('principal', 'role', 'agent')),
  recipient        text not null,
  payload          jsonb not null default '{}',
  created_at       timestamptz not null default now(),
  unique (client_id, notification_id)
);
create index notification_outbox_recipient_idx on notification_outbox (client_id, recipient_kind, recipient, notification_id);
create index notification_outbox_client_idx on notification_outbox (client_id, notification_id);

-- One delivery per notification and matching webhook; the drainer claims due ones.
create table notification_deliveries (
  delivery_id      uuid not null default gen_random_uuid() primary key,
  client_id        text not null,
  notification_id  bigint not null,
  webhook_id       uuid not null,
  status           text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts         int not null default 0,
  next_attempt_at  timestamptz not null default now(),
  last_status_code int,
  last_error       text,
  delivered_at     timestamptz,
  created_at       timestamptz not null default now(),
  unique (notification_id, webhook_id),
  foreign key (client_id, notification_id) references notification_outbox (client_id, notification_id),
  foreign key (client_id, webhook_id) references notification_webhooks (client_id, webhook_id) on delete cascade
);
create index notification_deliveries_due_idx on notification_deliveries (next_attempt_at) where status = 'pending';
create index notification_deliveries_webhook_idx on notification_deliveries (client_id, webhook_id, created_at);

-- Proactive flags (spec 001 scheduled checks). A scan never duplicates an open flag.
create table coordinator_flags (
  flag_id        uuid not null default gen_random_uuid() primary key,
  client_id      text not null references clients (client_id),
  flag_type      text not null check (flag_type in ('cap_warning', 'concurrency', 'stall', 'backlog_risk')),
  dedup_key      text not null,
  status         text not null default 'open' check (status in ('open', 'resolved')),
  contact_id     uuid,
  enrollment_id  uuid,
  principal_id   uuid,
  details        jsonb not null default '{}',
  raised_at      timestamptz not null,
  escalated_at   timestamptz,
  resolved_at    timestamptz,
  resolved_by    uuid,
  resolution     text,
  unique (client_id, flag_id),
  foreign key (client_id, contact_id) references contacts (client_id, contact_id),
  foreign key (client_id, principal_id) references principals (client_id, principal_id),
  foreign key (client_id, resolved_by) references principals (client_id, principal_id),
  constraint coordinator_flags_resolved_shape check ((status = 'resolved') = (resolved_at is not null))
);
create unique index coordinator_flags_open_uniq on coordinator_flags (client_id, flag_type, dedup_key)
  where status = 'open';
create index coordinator_flags_list_idx on coordinator_flags (client_id, status, raised_at desc);

-- Active-play execution asks the coordinator once per play and contact; a blocked request is
-- not asked again on every run (its block is already in the event log).
create table play_execution_requests (
  client_id      text not null,
  play_id        uuid not null,
  contact_id     uuid not null,
  requested_at   timestamptz not null,
  action         text not null check (action in ('allow', 'hold', 'queue', 'block')),
  event_id       bigint,
  enrollment_id  uuid,
  primary key (client_id, play_id, contact_id),
  foreign key (client_id, play_id) references plays (client_id, play_id),
  foreign key (client_id, contact_id) references contacts (client_id, contact_id)
);
