-- Issue 11, least privilege: TRUNCATE fires no row trigger, so the append-only tables' UPDATE/DELETE
-- guards never saw it. A statement-level trigger now refuses TRUNCATE on each of them, with the
-- table's own SQLSTATE (so the error registry names the same rule as for UPDATE and DELETE):
--   cadence_event_log  BC900 EVENT_LOG_APPEND_ONLY
--   plays, plays_archive  BP013 (plays are never deleted; archived plays are evidence)
--   audit_log          BA001 AUDIT_LOG_APPEND_ONLY (0110)
-- The runtime role is also granted no TRUNCATE privilege ('baton db grant-runtime'); this trigger
-- stops the schema's owner too, short of an explicit ALTER TABLE ... DISABLE TRIGGER.
create function baton_refuse_truncate() returns trigger language plpgsql as $$
begin
  raise exception using errcode = tg_argv[0],
    message = format('%s is append-only; TRUNCATE is refused', tg_table_name),
    detail = json_build_object('operation', 'TRUNCATE', 'table', tg_table_name,
                               'play_id', 'every row (TRUNCATE)')::text;
end $$;

create trigger cadence_event_log_no_truncate before truncate on cadence_event_log
  for each statement execute function baton_refuse_truncate('BC900');
create trigger plays_no_truncate before truncate on plays
  for each statement execute function baton_refuse_truncate('BP013');
create trigger plays_archive_no_truncate before truncate on plays_archive
  for each statement execute function baton_refuse_truncate('BP013');
