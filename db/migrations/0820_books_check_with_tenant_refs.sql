-- Issue 68 item 1: the book's check costs a workspace whose scope is 'tenant' nothing, whoever acts.
--
-- 0540 checked the events a person or an agent is named on with a row trigger: one PL/pgSQL call a
-- row, and in it baton_book_allows (another call, with its own search_path), which reads book_settings
-- and returns for a workspace in scope 'tenant' (every workspace but those that chose 'team' or
-- 'own'). A quarter of 10,000 contacts names an actor on 70,204 events (each approval, task, decision
-- and send of a person): 70,204 calls of each function for a check that could refuse nothing there
-- (350 ms of the server's time in `baton simulate --server`, pg_stat_user_functions; more in PGlite).
--
-- The event log's tenant-reference trigger (0331/0335) already runs once a statement over the
-- statement's new rows (its transition table, which the server captures anyway). Its one query now
-- asks, after every reference holds, whether an event names an actor and a contact (not an opt-out,
-- never refused: 0460) in a workspace whose scope is not 'tenant': one probe of book_settings by
-- its key, inside that query, for the statements that name an actor; none for the others (an
-- engine's decision names none). Only then is each such row checked by baton_book_allows, as before.
--
-- The same check and the same error (BK001, its message and detail), still after the statement, so
-- it sees what the statement wrote (a contact's new owner in the same statement). One order changed:
-- a row that breaks both a tenant reference and the book now gets the reference's error (23503),
-- which says more; the row trigger had fired first.
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

drop trigger cadence_event_log_books on cadence_event_log;
drop function baton_event_log_book();

create function baton_refuse_outside_book(p_contact uuid, p_actor uuid, p_event_type text) returns void
language plpgsql as $$
begin
  raise exception using errcode = 'BK001',
    message = format('the prospect %s is not in the book of principal %s', p_contact, p_actor),
    detail = json_build_object('contact_id', p_contact, 'event_type', p_event_type)::text;
end $$;

create or replace function baton_event_log_tenant_refs() returns trigger language plpgsql as $$
declare
  t record;
  b record;
  col text;
  k int := 0;
begin
  for t in
    select n.client_id, n.contact_id, n.enrollment_id, n.campaign_id, n.account_id,
           n.actor_principal_id, n.send_item_id, n.play_id, n.originating_proposal_id,
           n.event_type
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
             when t.actor_principal_id is not null and t.contact_id is not null and t.event_type <> 'opted_out'
                  and exists (select 1 from book_settings s where s.client_id = t.client_id and s.scope <> 'tenant')
               then 'book'
           end
      into col;
    if col = 'book' then
      if not baton_book_allows(t.client_id, t.actor_principal_id, t.contact_id) then
        perform baton_refuse_outside_book(t.contact_id, t.actor_principal_id, t.event_type);
      end if;
    elsif col is not null then
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
           array_agg(distinct n.originating_proposal_id) filter (where n.originating_proposal_id is not null) as proposals,
           bool_or(n.actor_principal_id is not null and n.contact_id is not null and n.event_type <> 'opted_out')
             as acted
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
             when t.acted
                  and exists (select 1 from book_settings s where s.client_id = t.client_id and s.scope <> 'tenant')
               then 'book'
           end
      into col;
    if col = 'book' then
      select n.contact_id, n.actor_principal_id, n.event_type into b
        from new_rows n
       where n.client_id = t.client_id and n.actor_principal_id is not null and n.contact_id is not null
         and n.event_type <> 'opted_out'
         and not baton_book_allows(n.client_id, n.actor_principal_id, n.contact_id)
       limit 1;
      if found then
        perform baton_refuse_outside_book(b.contact_id, b.actor_principal_id, b.event_type);
      end if;
    elsif col is not null then
      perform baton_refuse_tenant_ref('cadence_event_log', col, t.client_id);
    end if;
  end loop;
  return null;
end $$;
