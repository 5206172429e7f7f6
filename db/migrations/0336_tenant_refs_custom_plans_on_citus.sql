-- Issue 57 (docs/scaling.md "Citus's rules"): the tenant-reference checks of the event log, the send
-- items and the CRM outbox (0335) plan their probes as PostgreSQL's plan cache chooses again, not
-- with plan_cache_mode = force_generic_plan.
--
-- On Citus no event could be written: the trigger functions run on the worker that holds the new
-- rows' shard, where their probes of clients, contacts, campaigns … are distributed queries, and the
-- tenant is a parameter of each (t.client_id). Citus plans such a query only with its parameters
-- bound (a custom plan); under a forced generic plan it raises "could not create distributed plan"
-- (0A000), 822 times in one suite run. Without the setting the plan cache asks Citus for custom
-- plans, which Citus prices below a generic plan it cannot route, and every probe goes to the
-- tenant's shard.
--
-- On one server the one-row path (0335: one probe a named parent, by its key) keeps its plans: its
-- probes take scalar parameters, whose generic plan costs what a custom one does, so the plan cache
-- settles on the generic plan after its five custom ones, as the setting forced from the first. A
-- statement of several rows probes by arrays (`= any(<ids>)`) and is planned per statement again
-- (0335 item 1: ~150 µs), once per statement and not per row; measured in docs/scaling.md.
--
-- The functions are altered, not restated: their bodies stay where 0335 wrote them. On a database
-- already distributed, Citus forwards ALTER FUNCTION to every node that holds them.
-- test/foundation/citus-rules.test.ts fails on any function that reads a tenant table under this
-- setting.
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

alter function baton_event_log_tenant_refs() reset plan_cache_mode;
alter function baton_send_queue_tenant_refs() reset plan_cache_mode;
alter function baton_crm_outbox_tenant_refs() reset plan_cache_mode;
