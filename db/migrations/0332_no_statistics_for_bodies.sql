-- Issue 39 (docs/performance.md 0x): ANALYZE no longer samples the bodies, headers and JSON documents
-- of the busiest tables, which no statement filters or joins on: a message's text, a draft's
-- context, an event's details, a CRM payload. ANALYZE read and summarised them at every run (the
-- widest values of the schema, 40-530 bytes on average), for statistics the planner never asks for:
-- measured on a quarter's tables of 10,000 contacts, ANALYZE of cadence_event_log 276 → 188 ms,
-- staged_drafts 500 → 200 ms, dev_email_outbox 355 → 118 ms. The simulator runs ANALYZE as
-- autovacuum would (0v.3), and so does a server's autovacuum, as these tables grow.
-- The planner estimates such a column's width from its type instead; the columns every statement
-- filters on (ids, status, times, kinds) keep the default statistics target.
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

alter table cadence_event_log alter column details set statistics 0;
alter table staged_drafts
  alter column subject set statistics 0,
  alter column body set statistics 0,
  alter column original_body set statistics 0,
  alter column context set statistics 0;
alter table dev_email_outbox
  alter column subject set statistics 0,
  alter column body set statistics 0,
  alter column headers set statistics 0;
alter table engine_rep_tasks
  alter column subject set statistics 0,
  alter column body set statistics 0;
alter table crm_outbox alter column payload set statistics 0;
alter table channel_deliveries alter column subject set statistics 0;
alter table campaign_replies alter column body set statistics 0;
