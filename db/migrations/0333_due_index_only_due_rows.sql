-- Issue 39 (docs/performance.md 0y): the due index holds only enrollments that have a due time.
-- campaign_contacts_due_idx (0180) also held every live enrollment whose next_send_at is null (a
-- final step executed and waiting for its touch to settle, a queued activation), all at one end of
-- the index, and the planner took it for "next_send_at is null": the finish phase's list of
-- tenants with finished enrollments (finish-sequences.ts, once an engine pass) AND-ed it with the
-- whole status index of the active enrollments instead of reading the small partial index made for
-- it (campaign_contacts_finished_idx): 2.5 ms a pass at 100,000 contacts, 13 s of a quarter, and
-- the finish claim's pick the same (3.7 ms). nextWakeAt's "next_send_at is not null" stepped over
-- those entries too (0.3 ms a call against 0.04). Every reader of the due index asks for a due time
-- (next_send_at <= t, or is not null), which implies the new predicate, so the claims keep their
-- plan and their order (next_send_at, id).
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

create index campaign_contacts_due_only_idx on campaign_contacts (next_send_at, id)
  where status in ('queued', 'active', 'paused') and next_send_at is not null;
drop index campaign_contacts_due_idx;
alter index campaign_contacts_due_only_idx rename to campaign_contacts_due_idx;
