-- Inbound mail (issue 12 parts 1-3, docs/mailboxes.md): the IMAP side of each sending mailbox,
-- its cursor (UIDVALIDITY, last UID) and lease, one row per processed message (the idempotency
-- record: at-least-once fetch + this row = each message's effect exactly once), and soft-bounce
-- counts per address. Suppressed addresses go to the tenant's suppression list (0130, source
-- 'bounce'), which the coordinator's compliance gate reads.

create table mailbox_inboxes (
  client_id        text not null references clients (client_id),
  id               uuid not null default gen_random_uuid(),
  -- the sending mailbox's address, as in mailbox_limits.mailbox and channel_deliveries.mailbox
  mailbox          text not null,
  host             text not null,
  port             int not null check (port between 1 and 65535),
  tls              boolean not null default true,
  username         text not null,
  auth_kind        text not null check (auth_kind in ('password', 'xoauth2')),
  -- password: AES-256-GCM under a key derived from BATON_SECRET ('v1:' iv:tag:ciphertext), or
  -- the name of an environment variable that holds it (secret_env); never returned by the API
  secret_enc       text,
  secret_env       text check (secret_env ~ '^[A-Z_][A-Z0-9_]{0,63}$'),
  -- xoauth2: which access-token provider (google, microsoft, or one registered by name)
  oauth_provider   text,
  folder           text not null default 'INBOX',
  status           text not null default 'pending'
                     check (status in ('pending', 'connected', 'error', 'paused')),
  idle_supported   boolean,
  last_sync_at     timestamptz,
  last_connected_at timestamptz,
  uidvalidity      bigint,
  last_uid         bigint not null default 0 check (last_uid >= 0),
  last_error       text,
  last_error_at    timestamptz,
  processed_count  bigint not null default 0,
  unmatched_count  bigint not null default 0,
  claimed_by       text,
  claimed_until    timestamptz,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  primary key (client_id, id),
  unique (client_id, mailbox),
  constraint mailbox_inboxes_secret check (
    (auth_kind = 'password' and (secret_enc is not null or secret_env is not null))
    or (auth_kind = 'xoauth2' and oauth_provider is not null))
);
-- workers look for mailboxes whose lease ended (any tenant)
create index mailbox_inboxes_claim_idx on mailbox_inboxes (claimed_until) where status <> 'paused';

-- One row per message taken from a mailbox, written in the same transaction that advances the
-- cursor past it. A message fetched twice (a crash between fetch and commit) finds its row.
create table inbox_messages (
  client_id          text not null,
  mailbox_id         uuid not null,
  uidvalidity        bigint not null,
  uid                bigint not null,
  message_id         text,
  kind               text not null check (kind in ('reply', 'auto_reply', 'hard_bounce', 'soft_bounce', 'unmatched')),
  matched_by         text check (matched_by in ('in_reply_to', 'references', 'original_message_id',
                                                'sender', 'recipient')),
  contact_id         uuid,
  delivery_message_id text,
  address            text,
  status_code        text,
  outcome            jsonb not null default '{}',
  processed_at       timestamptz not null default now(),
  primary key (client_id, mailbox_id, uidvalidity, uid),
  foreign key (client_id, mailbox_id) references mailbox_inboxes (client_id, id) on delete cascade
);
create index inbox_messages_recent_idx on inbox_messages (client_id, mailbox_id, processed_at desc);

-- Soft bounces (4.x.x) in a row per address; a reply from the address resets the run.
create table address_bounce_counts (
  client_id       text not null references clients (client_id),
  address         text not null check (address = lower(address)),
  soft_in_row     int not null default 0,
  last_status     text,
  last_bounce_at  timestamptz,
  primary key (client_id, address)
);
