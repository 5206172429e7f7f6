-- Prospect data (issue 15): normalized email keys for dedupe and suppression, per-tenant
-- suppression lists, the legal basis of each contact, erasure (GDPR Art. 17) and its log, import
-- jobs. See docs/prospect-data.md.

-- The dedupe key of an address (docs/prospect-data.md "Normalization"): trimmed and case-folded;
-- googlemail.com is gmail.com; Gmail ignores dots in the local part; a +tag is dropped for the
-- providers known to deliver tagged mail to the same mailbox. Mirrored by normalizeEmail()
-- (src/prospects/normalize-email.ts); a test keeps both in agreement.
create function baton_email_key(email text) returns text language sql immutable parallel safe as $$
  select case
    when e is null or position('@' in e) = 0 then null
    else (
      with parts as (
        select regexp_replace(e, '@[^@]*$', '') as local,
               case when substring(e from '@([^@]*)$') = 'googlemail.com' then 'gmail.com'
                    else substring(e from '@([^@]*)$') end as domain
      )
      select
        case when domain in ('gmail.com') then replace(regexp_replace(local, '\+.*$', ''), '.', '')
             when domain in ('outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'icloud.com', 'me.com',
                             'mac.com', 'fastmail.com', 'fastmail.fm', 'protonmail.com', 'proton.me',
                             'pm.me', 'hey.com')
               then regexp_replace(local, '\+.*$', '')
             else local end || '@' || domain
        from parts)
  end
  from (select lower(btrim(email)) as e) x
$$;

create function baton_email_domain(email text) returns text language sql immutable parallel safe as $$
  select case when position('@' in coalesce(email, '')) = 0 then null
              else nullif(lower(btrim(substring(email from '@([^@]*)$'))), '') end
$$;

-- 'a.b.example.com' -> {a.b.example.com, b.example.com, example.com, com}: a domain suppression
-- covers its subdomains, and the lookup stays an index probe on (client_id, kind, value).
create function baton_domain_suffixes(domain text) returns text[] language sql immutable parallel safe as $$
  select coalesce(array_agg(array_to_string(p[i:], '.') order by i), '{}')
    from (select string_to_array(domain, '.') as p) x, generate_series(1, coalesce(array_length(p, 1), 0)) i
$$;

alter table contacts
  add column email_key text generated always as (baton_email_key(email)) stored,
  add column email_domain text generated always as (baton_email_domain(email)) stored,
  -- issue 15 item 4: why we may contact this person, and where that came from
  add column legal_basis text not null default 'unknown'
    check (legal_basis in ('legitimate_interest', 'consent', 'customer', 'unknown')),
  add column legal_basis_source text,
  add column erased_at timestamptz;
create index contacts_email_key_idx on contacts (client_id, email_key);
create index contacts_email_domain_idx on contacts (client_id, email_domain);

-- A campaign may require a legal basis (compliance then blocks contacts without one of these).
alter table campaigns add column required_legal_basis text[]
  check (required_legal_basis is null
         or required_legal_basis <@ array['legitimate_interest', 'consent', 'customer']::text[]);

-- Per-tenant suppression lists. kind 'email': value is baton_email_key(address); 'domain': a
-- lower-cased domain (covers its subdomains); 'email_hash': hex HMAC-SHA256 of the email key under
-- a BATON_SECRET-derived key, left behind by an erasure (the only trace of the person).
create table suppressions (
  id                       uuid not null default gen_random_uuid(),
  client_id                text not null references clients (client_id),
  kind                     text not null check (kind in ('email', 'domain', 'email_hash')),
  value                    text not null check (length(value) between 1 and 320),
  reason                   text not null check (length(reason) between 1 and 200),
  source                   text not null check (source in ('manual', 'import', 'bounce', 'erasure',
                             'unsubscribe', 'complaint', 'api')),
  created_by_principal_id  uuid,
  created_at               timestamptz not null default now(),
  primary key (client_id, id),
  constraint suppressions_value_uniq unique (client_id, kind, value),
  foreign key (client_id, created_by_principal_id) references principals (client_id, principal_id)
);

-- The erasure log: who asked, when, under what reference. No personal data: the contact id is
-- a random uuid whose row has been emptied, and the reference is the caller's ticket number.
create table erasure_log (
  id                         uuid not null default gen_random_uuid(),
  client_id                  text not null references clients (client_id),
  contact_id                 uuid not null,
  request_reference          text not null check (length(request_reference) between 1 and 120),
  requested_by_principal_id  uuid,
  requested_by_agent_id      varchar(16),
  erased_at                  timestamptz not null default now(),
  removed                    jsonb not null default '{}',
  crm_erasure_queued         boolean not null default false,
  primary key (client_id, id),
  foreign key (client_id, contact_id) references contacts (client_id, contact_id),
  foreign key (client_id, requested_by_principal_id) references principals (client_id, principal_id)
);

-- Import jobs: progress the workspace polls, and the per-row report (row numbers, actions,
-- reasons and contact ids only: never the row's personal data).
create table import_jobs (
  id                       uuid not null default gen_random_uuid(),
  client_id                text not null references clients (client_id),
  kind                     text not null check (kind in ('contacts', 'accounts')),
  dry_run                  boolean not null,
  on_duplicate             text not null check (on_duplicate in ('update', 'skip')),
  status                   text not null default 'running' check (status in ('running', 'done', 'failed')),
  total_rows               int not null default 0,
  processed_rows           int not null default 0,
  counts                   jsonb not null default '{}',
  report                   jsonb not null default '[]',
  error                    text,
  created_by_principal_id  uuid,
  created_at               timestamptz not null default now(),
  finished_at              timestamptz,
  primary key (client_id, id),
  foreign key (client_id, created_by_principal_id) references principals (client_id, principal_id)
);

-- The CRM outbox gains an erase operation (Attio: delete the person record).
alter table crm_outbox drop constraint if exists crm_outbox_op_check;
alter table crm_outbox add constraint crm_outbox_op_check check (op in ('upsert_contact', 'log_activity',
  'create_deal', 'update_deal_stage', 'close_deal', 'erase_contact'));

-- Gate 1's own reason for a missing legal basis. Other migrations may have widened this check too,
-- so the value is appended to whatever list is there now.
do $$
declare def text;
begin
  select pg_get_constraintdef(c.oid) into def from pg_constraint c
   where c.conrelid = 'cadence_event_log'::regclass and c.conname = 'cadence_event_log_suppressed_reason_check';
  if def is not null and position('legal_basis_missing' in def) = 0 then
    execute 'alter table cadence_event_log drop constraint cadence_event_log_suppressed_reason_check';
    execute 'alter table cadence_event_log add constraint cadence_event_log_suppressed_reason_check '
      || regexp_replace(def, '\]\)\)\)\s*$', ', ''legal_basis_missing''::text])))');
  end if;
end $$;

-- The event log stays append-only, with ONE narrow exception: erasure redaction. An UPDATE passes
-- only inside a transaction that set baton.erasure = 'on' (set_config(..., true): local to that
-- transaction) and only when nothing but `details` and `resolution` changes: ids, counts, gates,
-- reasons and timestamps (everything caps and reports count) are untouched. DELETE never passes.
create or replace function cadence_event_log_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and current_setting('baton.erasure', true) = 'on'
     and (to_jsonb(new) - 'details' - 'resolution') = (to_jsonb(old) - 'details' - 'resolution') then
    return new;
  end if;
  raise exception using errcode = 'BC900', message = 'cadence_event_log is append-only',
    detail = json_build_object('operation', tg_op)::text;
end $$;
