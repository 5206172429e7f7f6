-- Provider webhooks (issue 35 item 5, docs/mailboxes.md "Provider webhooks"): bounces and spam
-- complaints that Amazon SES (through SNS), SendGrid, Mailgun and Postmark post to Baton. Each
-- endpoint belongs to one tenant; its URL names the provider and the endpoint's id. What proves a
-- request came from the provider is per provider (an SNS signature and the topic, an ECDSA or HMAC
-- signature, Basic credentials or a path token); the keys that check it are sealed with
-- BATON_SECRET as mailbox passwords are (secret_enc), and never returned.

create table mail_webhooks (
  client_id     text not null references clients (client_id),
  id            uuid not null default gen_random_uuid(),
  provider      text not null check (provider in ('ses', 'sendgrid', 'mailgun', 'postmark')),
  -- what is not secret: ses topic_arns, sendgrid verification_key (a public key), postmark
  -- basic_user, max_age_s
  settings      jsonb not null default '{}',
  -- 'v1:' iv:tag:ciphertext of a JSON object: mailgun signing_key; postmark basic_password, path_token
  secret_enc    text,
  -- ses: when the SNS subscription was confirmed (SubscribeURL called)
  subscribed_at timestamptz,
  last_event_at timestamptz,
  events_count  bigint not null default 0,
  created_by_principal_id uuid,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  primary key (client_id, id),
  -- the receiving URL names only the id
  constraint mail_webhooks_id_uniq unique (id)
);

-- Every bounce and complaint a provider posted, matched to a send or not, with why. The primary key
-- makes a provider's retry (or a replay) of the same event change nothing.
create table mail_webhook_events (
  client_id           text not null,
  webhook_id          uuid not null,
  provider            text not null,
  provider_event_id   text not null,
  kind                text not null check (kind in ('bounce', 'complaint', 'subscription')),
  outcome             text not null check (outcome in ('applied', 'unmatched', 'ignored')),
  why                 text not null,
  recipient           text,
  status              text,
  reason              text,
  hard                boolean,
  sender_fault        boolean,
  feedback_type       text,
  diagnostic          text,
  original_message_id text,
  provider_message_id text,
  contact_id          uuid,
  occurred_at         timestamptz,
  details             jsonb not null default '{}',
  received_at         timestamptz not null default now(),
  primary key (client_id, provider, provider_event_id),
  foreign key (client_id, webhook_id) references mail_webhooks (client_id, id) on delete cascade
);
create index mail_webhook_events_recent_idx on mail_webhook_events (client_id, webhook_id, received_at desc);

-- Mailgun's signature tokens seen lately: a signed request replayed within its freshness window is
-- refused (older ones are refused by their timestamp). Rows older than a day are purged on insert.
create table mail_webhook_tokens (
  client_id   text not null,
  webhook_id  uuid not null,
  token       text not null,
  seen_at     timestamptz not null,
  primary key (webhook_id, token),
  foreign key (client_id, webhook_id) references mail_webhooks (client_id, id) on delete cascade
);
create index mail_webhook_tokens_seen_idx on mail_webhook_tokens (webhook_id, seen_at);
