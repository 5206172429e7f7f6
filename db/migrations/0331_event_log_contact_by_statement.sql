-- Issue 39 (docs/performance.md 0x): the event log's contact and tenant are checked by its
-- statement trigger (0211, 0320), once per statement and tenant, not by two foreign keys row by row.
-- The two keys (client_id → clients, (client_id, contact_id) → contacts) ran an RI probe and a KEY
-- SHARE lock for every event: measured on 2,000 of a quarter's touch rows, 71-77 ms an insert with
-- them against 59 ms with this check (7 µs a row, a fifth of an event's cost; ~265,000 events a
-- quarter of 10,000 contacts). The trigger now gathers each tenant's distinct contacts beside its
-- enrollments, campaigns, accounts, actors and items, and refuses a statement that names a tenant
-- that does not exist or a contact of no row of its tenant, with the same SQLSTATE (23503 →
-- INVALID_REFERENCE) and constraint names of the same form as the other columns
-- (cadence_event_log_contact_id_tenant, cadence_event_log_client_id_tenant).
--
-- What the keys also did on the parent side stays, by triggers on the parents: a contact or a tenant
-- named by an event cannot be deleted, nor its key changed (23503, as the key's own refusal), and
-- TRUNCATE contacts is refused while the log names a contact (the key refused it, cascade or not; a
-- TRUNCATE of clients still reaches the log through the keys that remain, and the log refuses it).
-- Like the other checked columns (0211), no row lock is taken: the engine writes a contact's events
-- while it holds the contact's row lock (FOR UPDATE, taken first, lock-contact.ts), and nothing in
-- Baton deletes a contact or a tenant (erasure redacts the row, erase-contact.ts).
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

alter table cadence_event_log
  drop constraint cadence_event_log_client_id_fkey,
  drop constraint cadence_event_log_client_id_contact_id_fkey;

create or replace function baton_event_log_tenant_refs() returns trigger language plpgsql as $$
declare
  t record;
  col text;
begin
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
      raise exception using errcode = '23503', constraint = 'cadence_event_log_' || col || '_tenant',
        message = format('cadence_event_log.%s names no row of tenant %s', col, t.client_id),
        detail = json_build_object('table', 'cadence_event_log', 'column', col)::text;
    end if;
  end loop;
  return null;
end $$;

create function baton_event_log_keeps_parent() returns trigger language plpgsql as $$
declare
  col text := tg_argv[0];
  what text;
begin
  if tg_level = 'STATEMENT' then
    -- TRUNCATE contacts: refused while any event names a contact
    if exists (select 1 from cadence_event_log where contact_id is not null) then
      what := 'rows (truncate)';
    end if;
  elsif col = 'contact_id' then
    if exists (select 1 from cadence_event_log e
                where e.client_id = old.client_id and e.contact_id = old.contact_id) then
      what := old.contact_id::text;
    end if;
  elsif exists (select 1 from cadence_event_log e where e.client_id = old.client_id) then
    what := old.client_id;
  end if;
  if what is not null then
    raise exception using errcode = '23503', constraint = 'cadence_event_log_' || col || '_tenant',
      message = format('%s %s named by events of cadence_event_log', tg_table_name, what),
      detail = json_build_object('table', 'cadence_event_log', 'column', col)::text;
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  return new;
end $$;

create trigger contacts_keep_events before delete on contacts
  for each row execute function baton_event_log_keeps_parent('contact_id');
create trigger contacts_keep_events_key before update of client_id, contact_id on contacts
  for each row when (old.client_id is distinct from new.client_id or old.contact_id is distinct from new.contact_id)
  execute function baton_event_log_keeps_parent('contact_id');
create trigger contacts_keep_events_truncate before truncate on contacts
  for each statement execute function baton_event_log_keeps_parent('contact_id');
create trigger clients_keep_events before delete on clients
  for each row execute function baton_event_log_keeps_parent('client_id');
create trigger clients_keep_events_key before update of client_id on clients
  for each row when (old.client_id is distinct from new.client_id)
  execute function baton_event_log_keeps_parent('client_id');
