-- Channels (spec 002 "Channels"): the at-most-once delivery ledger, per-mailbox daily limits, and
-- the dev mailbox used when SMTP is not configured.

-- At most once: a row is inserted ('sending') in its own committed statement BEFORE the SMTP
-- conversation starts. A key already present means the message may have gone out: never resend.
create table channel_deliveries (
  idempotency_key  text not null primary key,
  client_id        text not null references clients (client_id),
  channel          text not null default 'email' check (channel in ('email')),
  transport        text not null check (transport in ('smtp', 'dev')),
  mailbox          text not null,
  to_address       text not null,
  subject          text not null,
  status           text not null default 'sending' check (status in ('sending', 'sent', 'failed')),
  message_id       text,
  error            text,
  transient        boolean,
  attempts         int not null default 1,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now()
);
create index channel_deliveries_client_idx on channel_deliveries (client_id, created_at desc);

-- spec 002 "Per-mailbox daily send limits are configurable": no row = no limit.
create table mailbox_limits (
  client_id    text not null references clients (client_id),
  mailbox      text not null,
  daily_limit  int not null check (daily_limit >= 0),
  updated_at   timestamptz not null default now(),
  primary key (client_id, mailbox)
);

-- Sends counted per mailbox per UTC day; incremented atomically (the update's WHERE is the limit).
create table mailbox_send_counts (
  client_id  text not null,
  mailbox    text not null,
  day        date not null,
  sent       int not null default 0 check (sent >= 0),
  primary key (client_id, mailbox, day)
);

-- The dev channel (no SMTP configured) records each message here instead of sending it.
create table dev_email_outbox (
  id               bigint generated always as identity primary key,
  client_id        text not null,
  idempotency_key  text not null unique,
  message_id       text not null,
  mailbox          text not null,
  to_address       text not null,
  subject          text not null,
  body             text not null,
  headers          jsonb not null default '{}',
  recorded_at      timestamptz not null default now()
);
