-- Issue 39 (docs/performance.md 1a): the three statement triggers that check a new row's references
-- within its tenant (the event log's, 0211/0320/0331; the send items' and the CRM outbox's, 0334)
-- cost a one-row insert more than the insert itself. Measured on bench:coordinator's database (5M
-- events; pgbench, one client, a one-row event insert in a rolled-back transaction): 0.60 ms with the
-- event log's check against 0.32 ms with none. Two causes:
--
-- 1. Each tenant's ids reach the parents' probes as arrays (`x.id = any (<ids>)`), parameters of the
--    function's cached statement, and the plan cache kept choosing a custom plan for them: the seven
--    probes were planned anew at every insert (~150 µs of the 280). The functions now run with
--    plan_cache_mode = force_generic_plan: each probe is planned once a connection (an index probe
--    of `client_id = $1 and id = any ($2)`, the plan a custom one chose).
-- 2. Most of these statements write one row (a decision's event, an approval's, a reply's), and for
--    one row gathering distinct ids into arrays (six sorts) is most of what is left. The functions now
--    read at most two of the new rows first: one row is checked by one probe a named parent, by its
--    key; two or more as before, each tenant's distinct ids by one probe a parent.
--
-- The same checks, SQLSTATE (23503 → INVALID_REFERENCE) and constraint names; still no row locks
-- (0211, 0331, 0334 say why), and still no query joins the transition table to a parent (0320: Citus
-- refuses that inside a trigger). Measured the same way after: 0.36–0.41 ms.
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

create or replace function baton_event_log_tenant_refs() returns trigger language plpgsql
set plan_cache_mode = force_generic_plan as $$
declare
  t record;
  col text;
  k int := 0;
begin
  for t in
    select n.client_id, n.contact_id, n.enrollment_id, n.campaign_id, n.account_id,
           n.actor_principal_id, n.send_item_id
      from new_rows n limit 2
  loop
    k := k + 1;
  end loop;
  if k = 1 then
    select case
             when not exists (select 1 from clients x where x.client_id = t.client_id)
               then 'client_id'
             when t.contact_id is not null and not exists (
                    select 1 from contacts x where x.client_id = t.client_id and x.contact_id = t.contact_id)
               then 'contact_id'
             when t.enrollment_id is not null and not exists (
                    select 1 from campaign_contacts x where x.client_id = t.client_id and x.id = t.enrollment_id)
               then 'enrollment_id'
             when t.campaign_id is not null and not exists (
                    select 1 from campaigns x where x.client_id = t.client_id and x.id = t.campaign_id)
               then 'campaign_id'
             when t.account_id is not null and not exists (
                    select 1 from accounts x where x.client_id = t.client_id and x.account_id = t.account_id)
               then 'account_id'
             when t.actor_principal_id is not null and not exists (
                    select 1 from principals x where x.client_id = t.client_id and x.principal_id = t.actor_principal_id)
               then 'actor_principal_id'
             when t.send_item_id is not null and not exists (
                    select 1 from sales_send_queue x where x.client_id = t.client_id and x.id = t.send_item_id)
               then 'send_item_id'
           end
      into col;
    if col is not null then
      perform baton_refuse_tenant_ref('cadence_event_log', col, t.client_id);
    end if;
    return null;
  end if;
  for t in
    select n.client_id,
           array_agg(distinct n.contact_id) filter (where n.contact_id is not null) as contacts,
           array_agg(distinct n.enrollment_id) filter (where n.enrollment_id is not null) as enrollments,
           array_agg(distinct n.campaign_id) filter (where n.campaign_id is not null) as campaigns,
           array_agg(distinct n.account_id) filter (where n.account_id is not null) as accounts,
           array_agg(distinct n.actor_principal_id) filter (where n.actor_principal_id is not null) as actors,
           array_agg(distinct n.send_item_id) filter (where n.send_item_id is not null) as items
      from new_rows n
     group by n.client_id
  loop
    select case
             when not exists (select 1 from clients x where x.client_id = t.client_id)
               then 'client_id'
             when t.contacts is not null and (
                    select count(*) from contacts x
                     where x.client_id = t.client_id and x.contact_id = any (t.contacts)) < cardinality(t.contacts)
               then 'contact_id'
             when t.enrollments is not null and (
                    select count(*) from campaign_contacts x
                     where x.client_id = t.client_id and x.id = any (t.enrollments)) < cardinality(t.enrollments)
               then 'enrollment_id'
             when t.campaigns is not null and (
                    select count(*) from campaigns x
                     where x.client_id = t.client_id and x.id = any (t.campaigns)) < cardinality(t.campaigns)
               then 'campaign_id'
             when t.accounts is not null and (
                    select count(*) from accounts x
                     where x.client_id = t.client_id and x.account_id = any (t.accounts)) < cardinality(t.accounts)
               then 'account_id'
             when t.actors is not null and (
                    select count(*) from principals x
                     where x.client_id = t.client_id and x.principal_id = any (t.actors)) < cardinality(t.actors)
               then 'actor_principal_id'
             when t.items is not null and (
                    select count(*) from sales_send_queue x
                     where x.client_id = t.client_id and x.id = any (t.items)) < cardinality(t.items)
               then 'send_item_id'
           end
      into col;
    if col is not null then
      perform baton_refuse_tenant_ref('cadence_event_log', col, t.client_id);
    end if;
  end loop;
  return null;
end $$;

create or replace function baton_send_queue_tenant_refs() returns trigger language plpgsql
set plan_cache_mode = force_generic_plan as $$
declare
  t record;
  col text;
  k int := 0;
begin
  for t in select n.client_id, n.contact_id, n.enrollment_id, n.campaign_id from new_rows n limit 2 loop
    k := k + 1;
  end loop;
  if k = 1 then
    select case
             when not exists (select 1 from contacts x where x.client_id = t.client_id and x.contact_id = t.contact_id)
               then 'contact_id'
             when not exists (select 1 from campaign_contacts x where x.client_id = t.client_id and x.id = t.enrollment_id)
               then 'enrollment_id'
             when not exists (select 1 from campaigns x where x.client_id = t.client_id and x.id = t.campaign_id)
               then 'campaign_id'
           end
      into col;
    if col is not null then
      perform baton_refuse_tenant_ref('sales_send_queue', col, t.client_id);
    end if;
    return null;
  end if;
  for t in
    select n.client_id,
           array_agg(distinct n.contact_id) as contacts,
           array_agg(distinct n.enrollment_id) as enrollments,
           array_agg(distinct n.campaign_id) as campaigns
      from new_rows n
     group by n.client_id
  loop
    select case
             when (select count(*) from contacts x
                    where x.client_id = t.client_id and x.contact_id = any (t.contacts)) < cardinality(t.contacts)
               then 'contact_id'
             when (select count(*) from campaign_contacts x
                    where x.client_id = t.client_id and x.id = any (t.enrollments)) < cardinality(t.enrollments)
               then 'enrollment_id'
             when (select count(*) from campaigns x
                    where x.client_id = t.client_id and x.id = any (t.campaigns)) < cardinality(t.campaigns)
               then 'campaign_id'
           end
      into col;
    if col is not null then
      perform baton_refuse_tenant_ref('sales_send_queue', col, t.client_id);
    end if;
  end loop;
  return null;
end $$;

create or replace function baton_crm_outbox_tenant_refs() returns trigger language plpgsql
set plan_cache_mode = force_generic_plan as $$
declare
  t record;
  col text;
  k int := 0;
begin
  for t in select n.client_id, n.contact_id from new_rows n limit 2 loop
    k := k + 1;
  end loop;
  if k = 1 then
    select case
             when not exists (select 1 from clients x where x.client_id = t.client_id)
               then 'client_id'
             when not exists (select 1 from contacts x where x.client_id = t.client_id and x.contact_id = t.contact_id)
               then 'contact_id'
           end
      into col;
    if col is not null then
      perform baton_refuse_tenant_ref('crm_outbox', col, t.client_id);
    end if;
    return null;
  end if;
  for t in
    select n.client_id,
           array_agg(distinct n.contact_id) as contacts
      from new_rows n
     group by n.client_id
  loop
    select case
             when not exists (select 1 from clients x where x.client_id = t.client_id)
               then 'client_id'
             when (select count(*) from contacts x
                    where x.client_id = t.client_id and x.contact_id = any (t.contacts)) < cardinality(t.contacts)
               then 'contact_id'
           end
      into col;
    if col is not null then
      perform baton_refuse_tenant_ref('crm_outbox', col, t.client_id);
    end if;
  end loop;
  return null;
end $$;
