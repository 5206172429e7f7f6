-- Issue 40: the event log's tenant-reference check (0211) joined its statement's transition table
-- with the five parent tables, which Citus refuses inside a trigger ("could not run distributed query
-- with complex table expressions": a transition table joined with distributed tables), so on a
-- cluster every event insert failed. It stays one trigger per INSERT statement, but its queries no
-- longer join the transition table to a parent: one query reads the inserted rows alone and gathers
-- each tenant's distinct ids, then one query per tenant counts those ids in the parents by
-- `client_id = <the tenant> and id = any(<its ids>)`. On Citus that query is routed to the tenant's
-- shard (where the rows are written); on one server it is the same index probes as before, for each
-- distinct id instead of each row (a batch's events share their campaign and actor). The same five
-- checks, constraint names and SQLSTATE (23503 → INVALID_REFERENCE) as 0211, still no row locks
-- (0211 says why not foreign keys). A row trigger was measured too: twice the cost on 10,000 events
-- (docs/scaling.md).
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

create or replace function baton_event_log_tenant_refs() returns trigger language plpgsql as $$
declare
  t record;
  col text;
begin
  for t in
    select n.client_id,
           array_agg(distinct n.enrollment_id) filter (where n.enrollment_id is not null) as enrollments,
           array_agg(distinct n.campaign_id) filter (where n.campaign_id is not null) as campaigns,
           array_agg(distinct n.account_id) filter (where n.account_id is not null) as accounts,
           array_agg(distinct n.actor_principal_id) filter (where n.actor_principal_id is not null) as actors,
           array_agg(distinct n.send_item_id) filter (where n.send_item_id is not null) as items
      from new_rows n
     group by n.client_id
  loop
    select case
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
      raise exception using errcode = '23503', constraint = 'cadence_event_log_' || col || '_tenant',
        message = format('cadence_event_log.%s names no row of tenant %s', col, t.client_id),
        detail = json_build_object('table', 'cadence_event_log', 'column', col)::text;
    end if;
  end loop;
  return null;
end $$;
