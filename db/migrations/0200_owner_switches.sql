-- Issue 36 item 1: the switches the runtime role could flip. Triggers trusted transaction settings
-- that any session may set (set_config is open to every role): baton.erasure let a session rewrite
-- the event log, baton.archiving delete a retired play without archiving it, baton.retention delete
-- archived plays, baton.now move the rules' clock (backdate a retirement; expire the plays that
-- fill a cap). Now:
--   - erasure, archiving and retention run inside SECURITY DEFINER functions owned by the owner
--     role (the migrating role). The triggers honour their setting only while current_user is the
--     owner of the table (or a superuser): inside those functions it is; in the runtime role's own
--     statements it never is, whatever it sets.
--   - the application clock (baton.now) is honoured only in a database whose owner allowed it (a
--     row in baton_owner_settings, which only the owner writes: the simulator's and the tests'
--     throw-away databases). Elsewhere the database's clock rules; a baton.now more than 5 minutes
--     away from it is refused (BG001), so a caller learns that its clock was not used.
--   - the play-library configuration is guarded on INSERT and DELETE as on UPDATE: deleting the
--     tenant's config row (which reset its caps to the defaults) is refused, and a row inserted with
--     a cap needs a RevOps actor.
-- See docs/operations.md "Database roles" and src/db/owner-settings.ts.

-- Every function below that names a table resolves it in this schema, never in the session's
-- temporary schema (which PostgreSQL searches first for relations unless it is named): the
-- functions are created with `set search_path from current`, and current is this.
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

-- Is the current role the owner of the relation (or a superuser)? Inside a SECURITY DEFINER
-- function owned by the owner, yes; in a statement of the runtime role, no. pg_catalog names are
-- qualified: a temporary table cannot stand in for them.
create function baton_owner_acting(p_rel oid) returns boolean
language sql stable set search_path from current as $$
  select exists (select 1 from pg_catalog.pg_roles r
                  where r.rolname = current_user
                    and (r.rolsuper or r.oid = (select c.relowner from pg_catalog.pg_class c
                                                 where c.oid = p_rel)))
$$;

create function baton_guard_raise(p_code text, p_message text, p_facts jsonb) returns void
language plpgsql as $$
begin
  raise exception using errcode = p_code, message = p_message, detail = p_facts::text;
end $$;

-- What the owner allowed in this database. Only the owner writes it (the trigger below; the
-- runtime role may hold the table privileges through the default grants, but not the ownership).
create table baton_owner_settings (
  name       text primary key check (name in ('application_clock')),
  value      text not null,
  reason     text not null,
  set_by     text not null default current_user,
  set_at     timestamptz not null default now()
);

create function baton_owner_settings_guard() returns trigger
language plpgsql set search_path from current as $$
begin
  if not baton_owner_acting(tg_relid) then
    perform baton_guard_raise('BG002', 'only the database''s owner changes what it allows',
      jsonb_build_object('table', tg_table_name, 'operation', tg_op, 'role', current_user));
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;
create trigger baton_owner_settings_guard before insert or update or delete on baton_owner_settings
  for each row execute function baton_owner_settings_guard();
create trigger baton_owner_settings_no_truncate before truncate on baton_owner_settings
  for each statement execute function baton_owner_settings_guard();

-- The clock the play rules use. The application's (baton.now) only where the owner allowed it;
-- elsewhere the database's, and an application clock more than 5 minutes off is refused.
create or replace function baton_plays_now() returns timestamptz
language plpgsql stable set search_path from current as $$
declare
  v_set text := nullif(current_setting('baton.now', true), '');
  v_at timestamptz;
begin
  if v_set is null then
    return now();
  end if;
  v_at := v_set::timestamptz;
  if exists (select 1 from baton_owner_settings where name = 'application_clock' and value = 'on') then
    return v_at;
  end if;
  if abs(extract(epoch from v_at - now())) <= 300 then
    return now();
  end if;
  perform baton_guard_raise('BG001',
    format('the application clock (%s) is not the database''s (%s), and this database does not allow one',
           v_at, now()),
    jsonb_build_object('application_clock', v_at, 'database_clock', now()));
  return null;
end $$;

-- The event log: append-only; the erasure's redaction passes only inside baton_erase_contacts.
create or replace function cadence_event_log_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and current_setting('baton.erasure', true) = 'on' and baton_owner_acting(tg_relid)
     and (to_jsonb(new) - 'details' - 'resolution') = (to_jsonb(old) - 'details' - 'resolution') then
    return new;
  end if;
  raise exception using errcode = 'BC900', message = 'cadence_event_log is append-only',
    detail = json_build_object('operation', tg_op)::text;
end $$;

-- Plays are never deleted; a retired play leaves only through baton_archive_cold_plays.
create or replace function baton_plays_before_delete() returns trigger language plpgsql as $$
begin
  if current_setting('baton.archiving', true) = 'on' and baton_owner_acting(tg_relid)
     and old.state = 'retired' then
    return old;
  end if;
  perform baton_plays_raise('BP013', 'plays are never deleted; cold plays are archived',
    jsonb_build_object('play_id', old.play_id, 'state', old.state));
  return null;
end $$;

-- The archive: append-only; retention deletes through baton_purge_archived_plays only.
create or replace function baton_plays_archive_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' and current_setting('baton.retention', true) = 'on' and baton_owner_acting(tg_relid)
     and old.retired_at is not null and old.retired_at < now() - interval '7 years' then
    return old;
  end if;
  perform baton_plays_raise('BP013', 'archived plays are never changed or deleted',
    jsonb_build_object('play_id', old.play_id, 'state', old.state));
  return null;
end $$;

-- Moves a tenant's cold plays (retired before the cutoff, which is at most 18 months before the
-- rules' clock: a caller cannot archive a warm play by passing a later one) to the archive. A play
-- that other rows still reference stays where it is: lineage must keep resolving.
create or replace function baton_archive_cold_plays(p_client text, p_cutoff timestamptz, p_now timestamptz)
returns table (archived int, kept_referenced int)
language plpgsql security definer set search_path from current as $$
declare
  r record;
  v_now timestamptz := baton_plays_now();
  v_cutoff timestamptz := least(p_cutoff, v_now - interval '18 months');
  v_archived int := 0;
  v_kept int := 0;
begin
  perform set_config('baton.archiving', 'on', true);
  for r in select play_id from plays
           where client_id = p_client and state = 'retired' and retired_at < v_cutoff
           order by retired_at
  loop
    begin
      insert into plays_archive select p.*, v_now from plays p where p.client_id = p_client and p.play_id = r.play_id;
      delete from plays where client_id = p_client and play_id = r.play_id;
      v_archived := v_archived + 1;
    exception when foreign_key_violation then
      v_kept := v_kept + 1;
    end;
  end loop;
  perform set_config('baton.archiving', 'off', true);
  return query select v_archived, v_kept;
end $$;

-- Retention (spec 000 "cold: 18 months to 7 years"): archived plays retired before the cutoff and
-- more than 7 years before the database's own clock are deleted. One tenant, or all (null).
create function baton_purge_archived_plays(p_client text, p_cutoff timestamptz) returns int
language plpgsql security definer set search_path from current as $$
declare
  v_n int;
begin
  perform set_config('baton.retention', 'on', true);
  delete from plays_archive
   where (p_client is null or client_id = p_client)
     and retired_at < p_cutoff and retired_at < now() - interval '7 years';
  get diagnostics v_n = row_count;
  perform set_config('baton.retention', 'off', true);
  return v_n;
end $$;

-- The POSIX pattern that matches any of the terms (3 characters or more), longest first, each
-- escaped: the same as termsPattern in src/prospects/redact-everywhere.ts.
create function baton_terms_pattern(p_terms text[]) returns text
language sql immutable as $$
  select string_agg(regexp_replace(t, '([.^$*+?()\[\]{}|\\-])', '\\\1', 'g'), '|'
                    order by length(t) desc, t)
  from (select distinct btrim(x) as t from unnest(p_terms) x where length(btrim(x)) >= 3) s
$$;

-- Erasure's part in the event log and the contact rows (src/prospects/erase-contact.ts runs the
-- rest in the same transaction). The terms come from the contact rows themselves, and the rows
-- are erased here too: the only change this function makes to the event log is the redaction of
-- a person who is being erased, with a fixed marker. Returns the rows changed.
create function baton_erase_contacts(p_client text, p_contact_ids uuid[], p_marker text, p_erased_at timestamptz)
returns table (event_log_rows int, event_log_swept int, contacts int)
language plpgsql security definer set search_path from current as $$
declare
  v_people int;
  v_linked text;
  v_sweep text;
  v_rows int := 0;
  v_swept int := 0;
  v_contacts int;
begin
  if p_marker !~ '^\[erased( [0-9a-f]{8})?\]$' then
    perform baton_guard_raise('BG003', 'the erasure marker is [erased] or [erased <8 hex digits>]',
      jsonb_build_object('marker', p_marker));
  end if;
  perform 1 from contacts c
   where c.client_id = p_client and c.contact_id = any(p_contact_ids) and c.erased_at is null
   order by c.contact_id for update;
  select count(distinct c.contact_id) into v_people from contacts c
   where c.client_id = p_client and c.contact_id = any(p_contact_ids) and c.erased_at is null;
  if v_people = 0 or v_people <> cardinality(array(select distinct unnest(p_contact_ids))) then
    perform baton_guard_raise('BG003', 'every contact to erase exists in the tenant and is not erased yet',
      jsonb_build_object('client_id', p_client, 'contacts', cardinality(p_contact_ids), 'found', v_people));
  end if;
  -- the linked rows lose the address, the profile, the name and each word of it; every other row
  -- of the tenant the address, the profile and the whole name (as the sweep does elsewhere)
  select baton_terms_pattern(array_agg(t.term)),
         baton_terms_pattern(array_agg(t.term) filter (where not t.token))
    into v_linked, v_sweep
    from contacts c
    cross join lateral (
      select x.term, x.token from (values (c.email, false), (c.email_key, false), (c.linkedin_url, false),
                                          (c.full_name, false)) x(term, token)
       where x.term is not null
      union all
      select w, true from regexp_split_to_table(c.full_name, '\s+') w
    ) t
   where c.client_id = p_client and c.contact_id = any(p_contact_ids);
  perform set_config('baton.erasure', 'on', true);
  if v_linked is not null then
    update cadence_event_log set details = regexp_replace(details::text, v_linked, '[erased]', 'gi')::jsonb
     where client_id = p_client and contact_id = any(p_contact_ids) and details::text ~* v_linked;
    get diagnostics v_rows = row_count;
  end if;
  if v_sweep is not null then
    update cadence_event_log
       set details = case when details::text ~* v_sweep
                          then regexp_replace(details::text, v_sweep, p_marker, 'gi')::jsonb else details end,
           resolution = case when resolution ~* v_sweep
                             then regexp_replace(resolution, v_sweep, p_marker, 'gi') else resolution end
     where client_id = p_client and (details::text ~* v_sweep or resolution ~* v_sweep);
    get diagnostics v_swept = row_count;
  end if;
  perform set_config('baton.erasure', 'off', true);
  update contacts set full_name = '[erased]', email = null, linkedin_url = null, title = null, external_id = null,
         legal_basis_source = null, last_sales_signal = null, last_marketing_signal = null,
         active_sequence_id = null, erased_at = p_erased_at, updated_at = p_erased_at
   where client_id = p_client and contact_id = any(p_contact_ids);
  get diagnostics v_contacts = row_count;
  return query select v_rows, v_swept, v_contacts;
end $$;

-- Who may change the cap configuration: RevOps (spec 000), on every path a row takes: UPDATE as
-- before, INSERT with a cap or auto-sunset, DELETE of a segment that carries one; the tenant's
-- play_library_config row is made with the defaults when the tenant is (baton_init_client) and is
-- never deleted (deleting it reset every cap to the default).
create or replace function baton_play_config_guard() returns trigger language plpgsql as $$
declare
  a record;
  v_client text;
begin
  if tg_op = 'DELETE' then
    v_client := old.client_id;
    if tg_table_name = 'play_library_config' then
      perform baton_plays_raise('BP002', 'the play library configuration is never deleted; change it',
        jsonb_build_object('action', 'delete the play library configuration',
                           'actor', 'anyone', 'required', 'an update by RevOps'));
    end if;
    if old.play_cap is null and not old.auto_sunset then
      return old;
    end if;
  elsif tg_op = 'INSERT' then
    v_client := new.client_id;
    if tg_table_name = 'segments' then
      if new.play_cap is null and not new.auto_sunset then
        return new;
      end if;
    elsif new.default_segment_cap = 5 and new.review_threshold = 30 then
      -- the defaults of 0002, as baton_init_client inserts them
      return new;
    end if;
  else
    v_client := new.client_id;
    if tg_table_name = 'segments' then
      -- only the play fields of a segment are guarded (nested: the row type differs per table)
      if row(new.play_cap, new.auto_sunset) is not distinct from row(old.play_cap, old.auto_sunset) then
        return new;
      end if;
    end if;
  end if;
  select * into a from baton_plays_actor(v_client);
  if a.principal_id is null or not ('revops' = any (a.roles)) or a.kind <> 'person' then
    perform baton_plays_raise('BP002', 'only RevOps changes play caps and auto-sunset',
      jsonb_build_object('action', 'change the play library configuration',
                         'actor', coalesce(a.display_name, 'no principal'), 'required', 'the revops role'));
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;

create trigger segments_play_config_guard_insert_delete before insert or delete on segments
  for each row execute function baton_play_config_guard();
create trigger play_library_config_guard_insert_delete before insert or delete on play_library_config
  for each row execute function baton_play_config_guard();

-- The runtime role calls the three SECURITY DEFINER functions (baton db grant-runtime grants
-- execute on every function); nobody else needs them.
revoke execute on function baton_archive_cold_plays(text, timestamptz, timestamptz) from public;
revoke execute on function baton_purge_archived_plays(text, timestamptz) from public;
revoke execute on function baton_erase_contacts(text, uuid[], text, timestamptz) from public;
