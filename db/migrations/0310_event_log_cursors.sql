-- Issue 39 item 4: consumers of the event log read it behind cursors instead of triggers on insert.
--
-- The cursor's problem: event ids come from a sequence and commit out of order. A transaction may
-- take id 100, then commit after another took and committed id 101; a cursor that remembered "101"
-- would never see 100. So the cursor is not kept in event ids but in transaction ids:
--   * every event row records the id of the transaction that wrote it (xact, txid_current():
--     the 64-bit, epoch-qualified id, so it never wraps);
--   * a consumer's cursor is a horizon H: every row whose xact < H has been processed;
--   * an advance reads H' = txid_snapshot_xmin(txid_current_snapshot()), the oldest transaction
--     still in progress. Every transaction below H' has finished (committed or rolled back), so the
--     rows with H <= xact < H' are all visible and none will ever be added; it processes exactly
--     those, and sets H := H'. No row is skipped, none is counted twice, whatever the commit order.
-- The cost of the scheme: one bigint a row (no b-tree: the range is found through a BRIN index,
-- since xact grows with the table's physical order in an append-only log), and a cursor never
-- passes a transaction still open, so a long transaction holds every cursor back while it runs.
-- Readers that must not show the lag read the consumer's table plus the rows at or above H (the
-- "tail", learning_funnel_live below). Rejected: a lag window on ids or time (a transaction open
-- longer than the window is still skipped), and a horizon over ids taken with the snapshot (an id
-- can be drawn from the sequence before its transaction has an xid, so it is in no snapshot).
-- txid_current()/txid_current_snapshot() are PostgreSQL 13's deprecated names of pg_current_xact_id()
-- and pg_current_snapshot(), kept because they return bigint; both run on PostgreSQL 15 and PGlite.
--
-- Rows written before this migration read xact 0 (the column's default when it was added: no
-- table rewrite); the learning rollup's trigger had counted them, and every tenant's cursor starts
-- at this migration's horizon. Migrations run before the engine starts (no concurrent writer).
alter table cadence_event_log add column xact bigint not null default 0;
alter table cadence_event_log alter column xact set default txid_current();

-- One BRIN over the time the event happened and the transaction that wrote it: both grow with the
-- heap's order. A multi-column BRIN answers conditions on either column alone. It serves the
-- cursors' ranges and the time windows of the workspace and the cohort view. autosummarize: autovacuum
-- summarizes each range as it fills (a range not yet summarized is read whole by every scan).
create index cadence_event_log_time_brin on cadence_event_log using brin (occurred_at, xact)
  with (autosummarize = on);

create table event_log_cursors (
  client_id    text not null references clients (client_id),
  -- learning_rollup (the step funnels) | workspace_daily (the dashboard's figures)
  consumer     text not null check (consumer in ('learning_rollup', 'workspace_daily')),
  -- every event of the tenant with xact < horizon has been processed
  horizon      bigint not null default 0,
  advanced_at  timestamptz not null default now(),
  primary key (client_id, consumer)
);

-- The learning rollup's rows (0177's rules, unchanged) for the tenant's events written by the
-- transactions in [p_lo, p_hi) (p_hi null: every one from p_lo on). One definition of the rules for
-- the cursor's advance and for the readers' tail. plpgsql, so each call is planned with its values
-- (a custom plan reads the range through the BRIN index).
create function learning_rollup_rows(p_client text, p_lo bigint, p_hi bigint)
returns table (campaign_id uuid, step_number int, variant text, week date, metric text, n bigint)
language plpgsql stable as $$
#variable_conflict use_column
begin
  return query
  with new_rows as materialized (
    select * from cadence_event_log e
     where e.client_id = p_client and e.xact >= p_lo and (p_hi is null or e.xact < p_hi)
       and ((e.campaign_id is not null
             and e.event_type in ('held', 'queued', 'suppressed', 'rejected', 'touch', 'bounce', 'reply', 'exit'))
            or e.event_type = 'opted_out')
  )
  select x.campaign_id, x.step_number, x.variant, x.week, x.metric, sum(x.n)::bigint
    from (
      -- gate decisions: at their own step, no variant, no touch looked up
      select e.campaign_id, coalesce(e.step_number, 0) as step_number, ''::text as variant,
             (date_trunc('week', e.occurred_at at time zone 'UTC'))::date as week,
             case e.event_type
               when 'held' then 'held:' || coalesce(e.suppressed_reason, 'touch_cap_exceeded')
               when 'queued' then 'queued:' || coalesce(e.suppressed_reason, 'conflict_resolved_queued')
               else 'blocked:' || coalesce(e.suppressed_reason, e.resolution, 'gate_' || e.gate::text, 'unknown')
             end as metric,
             count(*) as n
        from new_rows e
       where e.campaign_id is not null
         and e.event_type in ('held', 'queued', 'suppressed', 'rejected')
       group by 1, 2, 3, 4, 5
      union all
      select a.campaign_id, a.step_number, a.variant,
             (date_trunc('week', a.occurred_at at time zone 'UTC'))::date, m.metric, count(*)
        from (
          select ev.campaign_id, ev.occurred_at, ev.metric,
                 case when ev.own then coalesce(ev.step_number, 0)
                      else coalesce(t.step_number, ev.step_number, 0) end as step_number,
                 case when ev.own then coalesce(ev.variant, '')
                      else coalesce(t.variant, '') end as variant,
                 t.occurred_at as touched_at
            from (
              select e.client_id, e.campaign_id, e.enrollment_id, e.contact_id, e.step_number,
                     e.send_item_id, e.occurred_at,
                     case e.event_type
                       when 'touch' then 'sent'
                       when 'bounce' then 'bounced'
                       when 'reply' then 'replied:' || coalesce(e.details ->> 'intent', 'other')
                       when 'exit' then 'exit:' || coalesce(e.resolution, 'unknown')
                     end as metric,
                     -- a touch is counted at its own step
                     e.event_type not in ('bounce', 'reply', 'exit') as own,
                     case when e.event_type = 'touch' then
                       case when e.details ? 'variant' then e.details ->> 'variant'
                            else (select s.variant from sales_send_queue s where s.id = e.send_item_id) end
                     end as variant
                from new_rows e
               where e.campaign_id is not null
                 and e.event_type in ('touch', 'bounce', 'reply', 'exit')
              union all
              -- an opt-out ends the contact's enrollments; count it on each one's campaign
              select e.client_id, cc.campaign_id, cc.id, e.contact_id, null, null, e.occurred_at,
                     'opted_out', false, null
                from new_rows e
               cross join lateral jsonb_array_elements_text(
                       case when jsonb_typeof(e.details -> 'enrollments_terminated') = 'array'
                            then e.details -> 'enrollments_terminated' else '[]'::jsonb end) x(id)
                join campaign_contacts cc on cc.id = x.id::uuid and cc.client_id = e.client_id
               where e.event_type = 'opted_out'
            ) ev
            -- the touch it is attributed to (replies, exits, opt-outs, bounces), or for a touch the
            -- enrollment's previous step's touch (the gap between steps)
            left join lateral (
              select t.step_number, t.occurred_at,
                     coalesce(t.details ->> 'variant',
                              (select s.variant from sales_send_queue s where s.id = t.send_item_id)) as variant
                from cadence_event_log t
               where (not ev.own or (ev.metric = 'sent' and ev.step_number > 1))
                 and t.client_id = ev.client_id and t.contact_id = ev.contact_id
                 and t.event_type = 'touch' and t.enrollment_id = ev.enrollment_id
                 and t.occurred_at <= ev.occurred_at
                 and (ev.metric <> 'sent' or t.step_number < ev.step_number)
                 and (ev.metric <> 'bounced' or t.send_item_id = ev.send_item_id)
               order by t.occurred_at desc, t.event_id desc
               limit 1
            ) t on true
        ) a
        cross join lateral (
          select a.metric
          union all
          select case when a.metric = 'sent' then 'gap_sent:' else 'gap_reply:' end
                 || least(60, greatest(0, floor(extract(epoch from (a.occurred_at - a.touched_at)) / 86400)))::int::text
           where a.touched_at is not null and (a.metric = 'sent' or a.metric like 'replied:%')
        ) m(metric)
       group by 1, 2, 3, 4, 5
    ) x
   group by 1, 2, 3, 4, 5;
end $$;

-- What the funnels read: the rollup, plus the rows of the events its cursor has not reached yet
-- (read in the same statement, so in the same snapshot as the cursor and the rollup it advanced).
create function learning_funnel_live(p_client text)
returns table (campaign_id uuid, step_number int, variant text, week date, metric text, n bigint)
language sql stable as $$
  select r.campaign_id, r.step_number, r.variant, r.week, r.metric, r.n
    from learning_funnel_rollup r where r.client_id = p_client
  union all
  select t.campaign_id, t.step_number, t.variant, t.week, t.metric, t.n
    from learning_rollup_rows(p_client,
           coalesce((select c.horizon from event_log_cursors c
                      where c.client_id = p_client and c.consumer = 'learning_rollup'), 0), null) t
$$;

-- The learning rollup no longer runs inside every insert of the engine (and a trigger with a
-- transition table and a lateral look-up is a "complex table expression" Citus cannot distribute):
-- the engine's periodic work advances its cursor (baton_advance_event_cursor, 0311).
drop trigger learning_rollup_events on cadence_event_log;
drop function learning_rollup_events();

insert into event_log_cursors (client_id, consumer, horizon)
select c.client_id, 'learning_rollup', txid_snapshot_xmin(txid_current_snapshot()) from clients c;
