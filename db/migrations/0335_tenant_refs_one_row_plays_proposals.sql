-- Issue 39 (docs/performance.md 1a): the statement triggers that check a new row's references within
-- its tenant (the event log's, 0211/0320/0331; the send items' and the CRM outbox's, 0334).
--
-- 1. A one-row insert paid more for its check than for itself. Measured on bench:coordinator's
--    database (5M events; pgbench, one client, a one-row event insert in a rolled-back transaction):
--    0.60 ms with the event log's check against 0.32 ms with none. Each tenant's ids reach the
--    parents' probes as arrays (`x.id = any (<ids>)`), parameters of the function's cached statement,
--    and the plan cache kept choosing a custom plan for them: the probes were planned anew at every
--    insert (~150 µs of the 280). The functions now run with plan_cache_mode = force_generic_plan: each
--    probe is planned once a connection (the index probe a custom plan chose). And for one row,
--    gathering distinct ids into arrays (six sorts) was most of what was left: the functions now read
--    at most two of the new rows first; one row is checked by one probe a named parent, by its key;
--    two or more as before, each tenant's distinct ids by one probe a parent. Measured the same way
--    after: 0.36–0.41 ms.
-- 2. An event's and a send item's play and originating proposal are checked here too, not by
--    foreign keys row by row. The keys queued two RI triggers for every event row and every item, run
--    at the end of the statement even when both are null (most rows: 1.5 µs a row under EXPLAIN), and
--    a row that names a play took a KEY SHARE lock on that play's one row: every event of a play's
--    campaign, from every worker at once, locked the same row (a MultiXact as soon as two
--    transactions hold it), a WAL record each. Now a null names nothing and costs nothing, and a
--    statement's distinct plays and proposals are probed once each, with no lock. (The items' keys
--    were `not valid`: new rows and updates checked, as here.)
--
-- The same checks, SQLSTATE (23503 → INVALID_REFERENCE) and constraint names of 0211's form
-- (cadence_event_log_play_id_tenant, …); still no row locks (0211, 0331, 0334 say why), and still no
-- query joins the transition table to a parent (0320: Citus refuses that inside a trigger).
--
-- What the play and proposal keys did on the parent side stays, by triggers on the parents: a play or
-- a proposal an event or an item names is not deleted nor its key changed (23503), and TRUNCATE plays
-- or brain_proposals is refused while one is named. Nothing in Baton deletes a proposal, and a play
-- only when the cold-play archive moves it (baton_archive_cold_plays), which keeps a play still named
-- (its foreign_key_violation handler: 23503); a play events name through a campaign is kept by the
-- campaign's own key, so no row lock is needed, as for the contacts and the campaigns (0331, 0334).
-- The event log's probe on the parent side reads its play and proposal indexes
-- (cadence_event_log_play_page_idx, cadence_event_log_proposal_page_idx); the items' reads the items,
-- as the keys' own check did.
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

alter table cadence_event_log
  drop constraint cadence_event_log_client_id_play_id_fkey,
  drop constraint cadence_event_log_client_id_originating_proposal_id_fkey;
alter table sales_send_queue
  drop constraint sales_send_queue_client_id_play_id_fkey,
  drop constraint sales_send_queue_client_id_originating_proposal_id_fkey;

create or replace function baton_event_log_tenant_refs() returns trigger language plpgsql
set plan_cache_mode = force_generic_plan as $$
declare
  t record;
  col text;
  k int := 0;
begin
  for t in
    select n.client_id, n.contact_id, n.enrollment_id, n.campaign_id, n.account_id,
           n.actor_principal_id, n.send_item_id, n.play_id, n.originating_proposal_id
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
             when t.play_id is not null and not exists (
                    select 1 from plays x where x.client_id = t.client_id and x.play_id = t.play_id)
               then 'play_id'
             when t.originating_proposal_id is not null and not exists (
                    select 1 from brain_proposals x
                     where x.client_id = t.client_id and x.proposal_id = t.originating_proposal_id)
               then 'originating_proposal_id'
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
           array_agg(distinct n.send_item_id) filter (where n.send_item_id is not null) as items,
           array_agg(distinct n.play_id) filter (where n.play_id is not null) as plays,
           array_agg(distinct n.originating_proposal_id) filter (where n.originating_proposal_id is not null) as proposals
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
             when t.plays is not null and (
                    select count(*) from plays x
                     where x.client_id = t.client_id and x.play_id = any (t.plays)) < cardinality(t.plays)
               then 'play_id'
             when t.proposals is not null and (
                    select count(*) from brain_proposals x
                     where x.client_id = t.client_id and x.proposal_id = any (t.proposals)) < cardinality(t.proposals)
               then 'originating_proposal_id'
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
  for t in
    select n.client_id, n.contact_id, n.enrollment_id, n.campaign_id, n.play_id, n.originating_proposal_id
      from new_rows n limit 2
  loop
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
             when t.play_id is not null and not exists (
                    select 1 from plays x where x.client_id = t.client_id and x.play_id = t.play_id)
               then 'play_id'
             when t.originating_proposal_id is not null and not exists (
                    select 1 from brain_proposals x
                     where x.client_id = t.client_id and x.proposal_id = t.originating_proposal_id)
               then 'originating_proposal_id'
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
           array_agg(distinct n.campaign_id) as campaigns,
           array_agg(distinct n.play_id) filter (where n.play_id is not null) as plays,
           array_agg(distinct n.originating_proposal_id) filter (where n.originating_proposal_id is not null) as proposals
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
             when t.plays is not null and (
                    select count(*) from plays x
                     where x.client_id = t.client_id and x.play_id = any (t.plays)) < cardinality(t.plays)
               then 'play_id'
             when t.proposals is not null and (
                    select count(*) from brain_proposals x
                     where x.client_id = t.client_id and x.proposal_id = any (t.proposals)) < cardinality(t.proposals)
               then 'originating_proposal_id'
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

-- an update that gives an item another play or proposal (nothing in Baton does): checked row by row
create trigger sales_send_queue_play_tenant_upd before update of client_id, play_id on sales_send_queue
  for each row when (new.client_id is distinct from old.client_id or new.play_id is distinct from old.play_id)
  execute function baton_row_tenant_ref('play_id', 'plays', 'play_id');
create trigger sales_send_queue_proposal_tenant_upd before update of client_id, originating_proposal_id on sales_send_queue
  for each row when (new.client_id is distinct from old.client_id
                     or new.originating_proposal_id is distinct from old.originating_proposal_id)
  execute function baton_row_tenant_ref('originating_proposal_id', 'brain_proposals', 'proposal_id');

create trigger plays_keep_events before delete on plays
  for each row execute function baton_keeps_children('play_id', 'cadence_event_log', 'play_id', 'sales_send_queue', 'play_id');
create trigger plays_keep_events_key before update of client_id, play_id on plays
  for each row when (old.client_id is distinct from new.client_id or old.play_id is distinct from new.play_id)
  execute function baton_keeps_children('play_id', 'cadence_event_log', 'play_id', 'sales_send_queue', 'play_id');
create trigger plays_keep_events_truncate before truncate on plays
  for each statement execute function baton_keeps_children('play_id', 'cadence_event_log', 'play_id', 'sales_send_queue', 'play_id');
create trigger brain_proposals_keep_events before delete on brain_proposals
  for each row execute function baton_keeps_children('proposal_id', 'cadence_event_log', 'originating_proposal_id',
                                                     'sales_send_queue', 'originating_proposal_id');
create trigger brain_proposals_keep_events_key before update of client_id, proposal_id on brain_proposals
  for each row when (old.client_id is distinct from new.client_id or old.proposal_id is distinct from new.proposal_id)
  execute function baton_keeps_children('proposal_id', 'cadence_event_log', 'originating_proposal_id',
                                        'sales_send_queue', 'originating_proposal_id');
create trigger brain_proposals_keep_events_truncate before truncate on brain_proposals
  for each statement execute function baton_keeps_children('proposal_id', 'cadence_event_log', 'originating_proposal_id',
                                                           'sales_send_queue', 'originating_proposal_id');
