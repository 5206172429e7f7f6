-- Foundation: tenants, principals (people and agents), API tokens, segments, accounts, contacts.
-- Every table carries client_id (the tenant). Cross-table references include client_id in a
-- composite foreign key, so a row can never point at another tenant's row.

create table clients (
  client_id   text primary key check (client_id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  name        text not null,
  created_at  timestamptz not null default now()
);

create table principals (
  principal_id  uuid not null default gen_random_uuid() primary key,
  client_id     text not null references clients (client_id),
  kind          text not null check (kind in ('person', 'agent')),
  display_name  text not null check (length(display_name) between 1 and 200),
  email         text,
  roles         text[] not null default '{}',
  agent_id      varchar(16),
  manager_id    uuid,
  created_at    timestamptz not null default now(),
  constraint principals_roles_known check (roles <@ array['revops', 'slm', 'exec', 'rep', 'admin']::text[]),
  constraint principals_kind_shape check (
    (kind = 'person' and agent_id is null)
    or (kind = 'agent' and agent_id is not null and cardinality(roles) = 0)
  ),
  constraint principals_agent_id_format check (agent_id is null or agent_id ~ '^AGT-[0-9]{3,6}$'),
  unique (client_id, principal_id),
  unique (client_id, agent_id),
  foreign key (client_id, manager_id) references principals (client_id, principal_id)
);

-- Tokens are stored as SHA-256 hashes; the token itself is shown once, when issued.
create table api_tokens (
  token_id      uuid primary key default gen_random_uuid(),
  client_id     text not null,
  principal_id  uuid not null,
  token_hash    text not null unique,
  label         text not null default '',
  created_at    timestamptz not null default now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz,
  foreign key (client_id, principal_id) references principals (client_id, principal_id)
);

-- The segment taxonomy (TerritoryDefinitions). Plays and accounts name segments from here.
-- play_cap / auto_sunset are the per-segment overrides of SalesPlayLibraryConfig (spec 000).
create table segments (
  client_id    text not null references clients (client_id),
  segment      varchar(64) not null check (segment ~ '^[a-z0-9][a-z0-9_]{0,63}$'),
  name         text not null,
  play_cap     int check (play_cap between 3 and 8),
  auto_sunset  boolean not null default false,
  created_at   timestamptz not null default now(),
  primary key (client_id, segment)
);

create table accounts (
  account_id       uuid not null default gen_random_uuid() primary key,
  client_id        text not null references clients (client_id),
  name             text not null,
  domain           text,
  segment          varchar(64),
  icp_tier         text not null default 'T2' check (icp_tier in ('T1', 'T2', 'T3')),
  abm_active       boolean not null default false,
  vertical         text,
  lifecycle_stage  text not null default 'prospect',
  created_at       timestamptz not null default now(),
  unique (client_id, account_id),
  foreign key (client_id, segment) references segments (client_id, segment)
);
create index accounts_segment_idx on accounts (client_id, segment);

-- Leads/contacts (spec 001 "Leads", spec 002 "contacts"). external_id is the CRM record id.
create table contacts (
  contact_id                uuid not null default gen_random_uuid() primary key,
  client_id                 text not null references clients (client_id),
  account_id                uuid,
  external_id               text,
  full_name                 text not null,
  email                     text,
  linkedin_url              text,
  title                     text,
  time_zone                 text not null default 'UTC',
  owner_principal_id        uuid,
  unsubscribe_flag          boolean not null default false,
  opt_out_flag              boolean not null default false,
  opted_out_at              timestamptz,
  -- cadence status fields (spec 001 schema writes: Leads)
  active_sequence_id        uuid,
  current_step              int,
  last_touch_at             timestamptz,
  last_sales_signal         text,
  last_sales_signal_at      timestamptz,
  last_marketing_signal     text,
  last_marketing_signal_at  timestamptz,
  created_at                timestamptz not null default now(),
  updated_at                timestamptz not null default now(),
  unique (client_id, contact_id),
  unique (client_id, external_id),
  foreign key (client_id, account_id) references accounts (client_id, account_id),
  foreign key (client_id, owner_principal_id) references principals (client_id, principal_id)
);
create index contacts_account_idx on contacts (client_id, account_id);
create index contacts_email_idx on contacts (client_id, lower(email));
