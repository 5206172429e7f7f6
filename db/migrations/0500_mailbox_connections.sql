-- Mailboxes people own (issue 67 item 1): a person connects their own Google Workspace or Microsoft
-- 365 mailbox by OAuth consent (or an IMAP/SMTP mailbox with its own sealed credentials), and each
-- touch goes out from its owner's mailbox. One row per connected mailbox: its owner, its provider,
-- what it may do, its state (and why), the sealed tokens, and the reading cursor of the provider's
-- own feed. The deployment relay (SMTP_HOST) stays for mailboxes with no row here.
create table mailbox_connections (
  client_id             text not null references clients (client_id),
  mailbox               text not null
    constraint mailbox_connections_mailbox_check check (mailbox = lower(mailbox) and mailbox ~ '^[^@\s<>]+@[^@\s<>]+$'),
  owner_id              uuid not null,
  provider              text not null
    constraint mailbox_connections_provider_check check (provider in ('google', 'microsoft', 'imap_smtp')),
  can_send              boolean not null default true,
  can_read              boolean not null default true,
  -- connected: sends and reads; needs_consent: the provider refused the grant (invalid_grant), its
  -- sends are held until the owner reconnects; paused: a pause with a reason (the provider's 429 or
  -- quota until paused_until, a bounce rate, a person); disconnected: the owner disconnected it (the
  -- tokens are gone, the row stays for its history and the ledger's rows)
  status                text not null default 'connected'
    constraint mailbox_connections_status_check check (status in ('connected', 'needs_consent', 'paused', 'disconnected')),
  status_reason         text constraint mailbox_connections_status_reason_check check (length(status_reason) <= 500),
  status_since          timestamptz not null default now(),
  -- a pause that ends by itself (Retry-After, the quota's reset); null with status paused: until a person resumes it
  paused_until          timestamptz,
  -- the provider's own id of the consenting account (Google's sub / profile address, Entra's object id)
  provider_account      text constraint mailbox_connections_provider_account_check check (length(provider_account) <= 320),
  scopes                text[] not null default '{}',
  -- sealed under BATON_SECRET (AES-256-GCM, purpose "mailbox-oauth-token"); never returned
  access_token_sealed   text,
  refresh_token_sealed  text,
  access_expires_at     timestamptz,
  -- imap_smtp: the mailbox's own servers and its sealed password
  smtp_host             text constraint mailbox_connections_smtp_host_check check (length(smtp_host) <= 253),
  smtp_port             integer constraint mailbox_connections_smtp_port_check check (smtp_port between 1 and 65535),
  smtp_secure           boolean,
  smtp_username         text constraint mailbox_connections_smtp_username_check check (length(smtp_username) <= 320),
  secret_sealed         text,
  -- the provider's reading feed: Gmail's historyId, Graph's deltaLink
  read_cursor           text,
  last_read_at          timestamptz,
  last_error            text constraint mailbox_connections_last_error_check check (length(last_error) <= 500),
  last_error_at         timestamptz,
  connected_at          timestamptz not null default now(),
  updated_at            timestamptz not null default now(),
  primary key (client_id, mailbox),
  foreign key (client_id, owner_id) references principals (client_id, principal_id),
  constraint mailbox_connections_credentials check (
    status = 'disconnected'
    or (provider in ('google', 'microsoft') and refresh_token_sealed is not null)
    or (provider = 'imap_smtp' and smtp_host is not null and smtp_port is not null and secret_sealed is not null)),
  constraint mailbox_connections_paused_until check (paused_until is null or status = 'paused')
);
create index mailbox_connections_owner_idx on mailbox_connections (client_id, owner_id);
select baton_keep_out_of_statistics('mailbox_connections', 'mailbox');
select baton_keep_out_of_statistics('mailbox_connections', 'provider_account');
select baton_keep_out_of_statistics('mailbox_connections', 'smtp_username');
select baton_keep_out_of_statistics('mailbox_connections', 'status_reason');
select baton_keep_out_of_statistics('mailbox_connections', 'last_error');

-- A mailbox's consent in flight (the CRM grant's design, 0355): the state's SHA-256 hash and the
-- sealed PKCE verifier, bound to the person and the sign-in session that started it, for 10 minutes,
-- used once; the address the consenting account must be.
create table mailbox_oauth_grants (
  client_id             text not null references clients (client_id),
  grant_id              uuid not null default gen_random_uuid(),
  provider              text not null
    constraint mailbox_oauth_grants_provider_check check (provider in ('google', 'microsoft')),
  mailbox               text not null
    constraint mailbox_oauth_grants_mailbox_check check (mailbox = lower(mailbox) and mailbox ~ '^[^@\s<>]+@[^@\s<>]+$'),
  state_hash            text not null,
  started_by            uuid not null,
  session_id            uuid,
  code_verifier_sealed  text not null,
  created_at            timestamptz not null,
  expires_at            timestamptz not null,
  primary key (client_id, grant_id),
  unique (client_id, state_hash),
  foreign key (client_id, started_by) references principals (client_id, principal_id),
  foreign key (client_id, session_id) references sessions (client_id, session_id) on delete cascade
);
select baton_keep_out_of_statistics('mailbox_oauth_grants', 'mailbox');

-- The ledger names the transport each send went through (one per mailbox now), why that mailbox
-- sent it (the one sender rule, issue 67 item 2), and the provider's own id of the message (Gmail's
-- message id; Graph answers 202 with none, found later by internetMessageId).
alter table channel_deliveries drop constraint channel_deliveries_transport_check;
alter table channel_deliveries add constraint channel_deliveries_transport_check
  check (transport in ('smtp', 'dev', 'gmail', 'graph', 'smtp_own'));
alter table channel_deliveries add column sent_as text;
alter table channel_deliveries add constraint channel_deliveries_sent_as_check
  check (sent_as in ('owner', 'pool', 'exec_personal', 'thread', 'default'));
alter table channel_deliveries add column provider_message_id text;
select baton_keep_out_of_statistics('channel_deliveries', 'provider_message_id');
