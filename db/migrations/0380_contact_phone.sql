-- A contact's phone number (issue 59 item 6a: the phone call channel reaches a contact by it, as
-- email by contacts.email and LinkedIn by contacts.linkedin_url). Personal data: kept out of the
-- statistics (0358) and erased with the rest of the person (baton_erase_contacts below is 0315's
-- with the number among the terms redacted from the event log and nulled on the contact row).
alter table contacts add column phone text;
alter table contacts add constraint contacts_phone_len check (length(phone) between 3 and 40);
select baton_keep_out_of_statistics('contacts', 'phone');

-- the owner's function runs with the schema's own search path (as 0315 set it)
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

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
      select x.term, x.token from (values (c.email, false), (c.email_key, false), (c.linkedin_url, false), (c.phone, false),
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
  update contacts set full_name = '[erased]', email = null, linkedin_url = null, phone = null, title = null,
         external_id = null,
         legal_basis_source = null, last_sales_signal = null, last_marketing_signal = null,
         active_sequence_id = null, erased_at = p_erased_at, updated_at = p_erased_at
   where client_id = p_client and contact_id = any(p_contact_ids);
  get diagnostics v_contacts = row_count;
  return query select v_rows, v_swept, v_contacts;
end $$;


