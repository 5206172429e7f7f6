-- The hand-off's tenant-reference check (0211) read its JSON arrays of routed campaigns and
-- enrollments as a set joined to the parent with NOT EXISTS. In the trigger's generic plan the
-- array's set is estimated at 100 rows, so the planner took a hash anti-join that read the whole of
-- campaign_contacts for every hand-off row: routing a day's 130 hand-offs of a 10,000-contact
-- tenant took 550 ms in the trigger alone (auto_explain, 43,463 buffers; 4.2 ms a hand-off, growing
-- with the tenant's enrollments). Each id is now looked up on its own, in a loop over the array: a
-- statement of one id, whose generic plan is the primary key's probe whatever the table's size
-- (a hand-off routes into one or two campaigns). An array counted by `id = any(...)`, as the event
-- log's check does (0320), was measured too: three times the cost of the loop at 130 hand-offs.
-- The same checks, constraint names and SQLSTATE (23503 → INVALID_REFERENCE); an id that is not a
-- uuid is refused by its cast, as before.
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

create or replace function baton_handoff_tenant_refs() returns trigger language plpgsql as $$
declare
  v_col text;
  v_id text;
begin
  if new.routed_campaign_ids is not null then
    for v_id in select jsonb_array_elements_text(new.routed_campaign_ids) loop
      if not exists (select 1 from campaigns x where x.client_id = new.client_id and x.id = v_id::uuid) then
        v_col := 'routed_campaign_ids';
        exit;
      end if;
    end loop;
  end if;
  if v_col is null and new.routed_enrollment_ids is not null then
    for v_id in select jsonb_array_elements_text(new.routed_enrollment_ids) loop
      if not exists (select 1 from campaign_contacts x where x.client_id = new.client_id and x.id = v_id::uuid) then
        v_col := 'routed_enrollment_ids';
        exit;
      end if;
    end loop;
  end if;
  if v_col is not null then
    raise exception using errcode = '23503', constraint = 'campaign_handoffs_' || v_col || '_tenant',
      message = format('campaign_handoffs.%s names a row that is not of tenant %s', v_col, new.client_id),
      detail = json_build_object('table', 'campaign_handoffs', 'column', v_col)::text;
  end if;
  return new;
end $$;
