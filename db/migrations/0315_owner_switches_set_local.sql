-- Issue 40 item 2: the owner's switches (archiving, retention, erasure) are set with SET LOCAL, not
-- set_config(…, true). On Citus the guarded tables' triggers run on the workers that hold the shards,
-- and Citus forwards a SET LOCAL to them (citus.propagate_set_commands = 'local', which
-- `baton db distribute` sets on the database), never a set_config call: retention, archiving and
-- erasure failed there. On one server the two are the same. The bodies are 0200's otherwise.
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

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
  set local baton.archiving = 'on';
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
  set local baton.archiving = 'off';
  return query select v_archived, v_kept;
end $$;

-- Retention (spec 000 "cold: 18 months to 7 years"): archived plays retired before the cutoff and
-- more than 7 years before the database's own clock are deleted. One tenant, or all (null).
create or replace function baton_purge_archived_plays(p_client text, p_cutoff timestamptz) returns int
language plpgsql security definer set search_path from current as $$
declare
  v_n int;
begin
  set local baton.retention = 'on';
  delete from plays_archive
   where (p_client is null or client_id = p_client)
     and retired_at < p_cutoff and retired_at < now() - interval '7 years';
  get diagnostics v_n = row_count;
  set local baton.retention = 'off';
  return v_n;
end $$;

-- Erasure's part in the event log and the contact rows (src/prospects/erase-contact.ts runs the
-- rest in the same transaction). The terms come from the contact rows themselves, and the rows
-- are erased here too: the only change this function makes to the event log is the redaction of
-- a person who is being erased, with a fixed marker. Returns the rows changed.
create or replace function baton_erase_contacts(p_client text, p_contact_ids uuid[], p_marker text, p_erased_at timestamptz)
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
  set local baton.erasure = 'on';
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
  set local baton.erasure = 'off';
  update contacts set full_name = '[erased]', email = null, linkedin_url = null, title = null, external_id = null,
         legal_basis_source = null, last_sales_signal = null, last_marketing_signal = null,
         active_sequence_id = null, erased_at = p_erased_at, updated_at = p_erased_at
   where client_id = p_client and contact_id = any(p_contact_ids);
  get diagnostics v_contacts = row_count;
  return query select v_rows, v_swept, v_contacts;
end $$;

