-- Signals (issue 69 items 1 and 2): typed, deduplicated, authenticated facts about a contact or an
-- account (a pricing page visit, a demo request, a funding round), from the tenant's website, its
-- tools, the API, the CLI and research agents. A signal is a proposal, never a permission
-- (DESIGN.md "Signals come in"): it moves a contact's last_sales_signal(_at) or
-- last_marketing_signal(_at), the columns spec 000's target_definition (intent signals) and spec
-- 001's conflict matrix (T2: the fresher side wins) read, and nothing else.

-- The tenant's catalogue: each type's side (spec 001: sales or marketing), its weight and how fast
-- it fades (a half-life in days, for ranking), and how a signal about an account reaches the
-- account's contacts ('none': it stays the account's; 'all_contacts': every contact of it).
create table signal_types (
  client_id       text not null references clients (client_id),
  name            text not null constraint signal_types_name_check check (name ~ '^[a-z][a-z0-9_]{0,63}$'),
  label           text constraint signal_types_label_check check (length(label) between 1 and 120),
  side            text not null constraint signal_types_side_check check (side in ('sales', 'marketing')),
  weight          integer not null default 10 constraint signal_types_weight_check check (weight between 0 and 100),
  half_life_days  integer not null default 14
    constraint signal_types_half_life_days_check check (half_life_days between 1 and 3650),
  account_reach   text not null default 'none'
    constraint signal_types_account_reach_check check (account_reach in ('none', 'all_contacts')),
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  primary key (client_id, name)
);

-- One signal. `subject` says what it is about: a person ('contact': it came with a contact_id or an
-- email) or a company ('account': an account_id or a domain). One whose subject matches nobody
-- waits (contact_id, resp. account_id, null) with the email or domain it came with, and is matched
-- when the person or the account is imported. (client_id, source, external_id) is the dedup key:
-- the same event posted twice, or replayed, is one signal.
create table signals (
  client_id                 text not null references clients (client_id),
  signal_id                 uuid not null default gen_random_uuid(),
  type                      text not null,
  subject                   text not null constraint signals_subject_check check (subject in ('contact', 'account')),
  contact_id                uuid,
  account_id                uuid,
  -- what it came with: kept while it waits, and for the record
  email                     text constraint signals_email_check check (length(email) <= 320),
  email_key                 text generated always as (baton_email_key(email)) stored,
  domain                    text constraint signals_domain_check check (domain = lower(domain) and length(domain) <= 253),
  occurred_at               timestamptz not null,
  received_at               timestamptz not null,
  source                    text not null constraint signals_source_check check (source ~ '^[a-z0-9][a-z0-9_.:-]{0,63}$'),
  external_id               text not null constraint signals_external_id_check check (length(external_id) between 1 and 200),
  attributes                jsonb not null default '{}'::jsonb
    constraint signals_attributes_check check (jsonb_typeof(attributes) = 'object' and length(attributes::text) <= 8192),
  evidence_url              text constraint signals_evidence_url_check check (evidence_url ~ '^https?://' and length(evidence_url) <= 2000),
  recorded_by_principal_id  uuid,
  resolved_at               timestamptz,
  primary key (client_id, signal_id),
  constraint signals_dedup_key unique (client_id, source, external_id),
  foreign key (client_id, type) references signal_types (client_id, name),
  foreign key (client_id, contact_id) references contacts (client_id, contact_id),
  foreign key (client_id, account_id) references accounts (client_id, account_id),
  foreign key (client_id, recorded_by_principal_id) references principals (client_id, principal_id),
  constraint signals_subject_known check (
    (subject = 'contact' and (contact_id is not null or email is not null))
    or (subject = 'account' and contact_id is null and (account_id is not null or domain is not null)))
);
-- a contact's signals (the timeline, erasure), an account's (its rank), and the waiting ones by
-- what an import matches them on
create index signals_contact_idx on signals (client_id, contact_id, occurred_at) where contact_id is not null;
create index signals_account_idx on signals (client_id, account_id, occurred_at) where account_id is not null;
create index signals_waiting_email_idx on signals (client_id, email_key)
  where subject = 'contact' and contact_id is null;
create index signals_waiting_domain_idx on signals (client_id, domain)
  where subject = 'account' and account_id is null;
create index signals_occurred_idx on signals (client_id, occurred_at);
select baton_keep_out_of_statistics('signals', 'email');
select baton_keep_out_of_statistics('signals', 'email_key');
select baton_keep_out_of_statistics('signals', 'domain');
select baton_keep_out_of_statistics('signals', 'external_id');
select baton_keep_out_of_statistics('signals', 'attributes');
select baton_keep_out_of_statistics('signals', 'evidence_url');

-- The track webhook's page rules: a page event's URL path (kind 'page': '/pricing', '/pricing/*',
-- '/docs/**') or a track event's name (kind 'track': 'Demo Requested') gives the signal's type.
-- The lowest position that matches wins.
create table signal_page_rules (
  client_id   text not null references clients (client_id),
  rule_id     uuid not null default gen_random_uuid(),
  kind        text not null default 'page' constraint signal_page_rules_kind_check check (kind in ('page', 'track')),
  pattern     text not null constraint signal_page_rules_pattern_check check (length(pattern) between 1 and 300),
  type        text not null,
  position    integer not null default 100 constraint signal_page_rules_position_check check (position between 0 and 100000),
  created_at  timestamptz not null default now(),
  primary key (client_id, rule_id),
  constraint signal_page_rules_pattern_key unique (client_id, kind, pattern),
  foreign key (client_id, type) references signal_types (client_id, name)
);

-- A webhook source (Segment or RudderStack, their track/page event format): its name is the
-- signals' `source`; its shared secret is sealed under BATON_SECRET (AES-256-GCM, purpose
-- "signal-source-secret") and never returned; max_age_s bounds how old a signed event's sentAt may
-- be (replays inside it are duplicates of the dedup key, outside it refused).
create table signal_sources (
  client_id               text not null references clients (client_id),
  source_id               uuid not null default gen_random_uuid(),
  kind                    text not null constraint signal_sources_kind_check check (kind in ('segment', 'rudderstack')),
  name                    text not null constraint signal_sources_name_check check (name ~ '^[a-z0-9][a-z0-9_.:-]{0,63}$'),
  secret_sealed           text not null,
  max_age_s               integer not null default 3600
    constraint signal_sources_max_age_s_check check (max_age_s between 60 and 86400),
  created_by_principal_id uuid,
  created_at              timestamptz not null default now(),
  last_event_at           timestamptz,
  events_count            bigint not null default 0,
  refused_count           bigint not null default 0,
  last_refusal            text constraint signal_sources_last_refusal_check check (length(last_refusal) <= 200),
  primary key (client_id, source_id),
  constraint signal_sources_name_key unique (client_id, name),
  foreign key (client_id, created_by_principal_id) references principals (client_id, principal_id)
);
