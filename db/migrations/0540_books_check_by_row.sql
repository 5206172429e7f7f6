-- Issue 68: the book's check on the event log (0460) costs an event that no person wrote nothing.
--
-- 0460 checked every INSERT statement on cadence_event_log with a statement trigger over a transition
-- table: every statement paid for its rows' capture, a PL/pgSQL call and a scan of them, though only
-- the events a person (or an agent) is named on can leave a book, and only in a workspace whose scope
-- is 'team' or 'own'. One decision of the engine names no actor, and paid it all (issue 68's
-- bisection: docs/performance.md).
--
-- Now a row trigger whose WHEN clause is that same filter: the server evaluates it as it queues the
-- row's AFTER event, in C, and queues nothing for an event without an actor and a contact, or for an
-- opt-out (never refused, 0460). An event with an actor calls baton_book_allows as before, which reads
-- book_settings once and returns for a workspace in scope 'tenant'. Still AFTER the statement, so the
-- check sees what the statement wrote (a contact's new owner in the same statement), as 0460's did;
-- the same error (BK001), the same message and detail.
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

drop trigger cadence_event_log_books on cadence_event_log;
drop function baton_event_log_books();

create function baton_event_log_book() returns trigger language plpgsql set search_path from current as $$
begin
  if not baton_book_allows(new.client_id, new.actor_principal_id, new.contact_id) then
    raise exception using errcode = 'BK001',
      message = format('the prospect %s is not in the book of principal %s', new.contact_id, new.actor_principal_id),
      detail = json_build_object('contact_id', new.contact_id, 'event_type', new.event_type)::text;
  end if;
  return null;
end $$;

create trigger cadence_event_log_books after insert on cadence_event_log
  for each row
  when (new.actor_principal_id is not null and new.contact_id is not null and new.event_type <> 'opted_out')
  execute function baton_event_log_book();
