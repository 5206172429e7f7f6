-- Issue 61 item 2: a person whose book holds few prospects reads the event log prospect by
-- prospect (src/events/query-events.ts), plus the events of no prospect (a play's, a campaign's, a
-- mailbox's), which everyone reads. Those had no index of their own: a page of them walked the log
-- newest first past every prospect's event. This one holds only the events without a prospect.
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

create index cadence_event_log_no_contact_page_idx on cadence_event_log (client_id, event_id)
  where contact_id is null;
