-- Issue 40: the event log's readers and its cursor on Citus.
-- * learning_funnel_live and event_log_daily_live (0310, 0311) were SQL functions: Citus plans no
--   parameterized query of an SQL function that reads a distributed table ("parameterized queries
--   for SQL functions referencing distributed tables are not supported"), so every funnel and the
--   dashboard failed on a cluster. They are plpgsql now: the cursor's horizon is read first, then
--   the rollup and the tail, each its own statement (on Citus a statement routed to a shard may not
--   call a function that reads distributed tables: "cannot execute a distributed query from a query
--   on a shard"). A STABLE function's statements all read the caller's snapshot, so the cursor, the
--   rollup and the tail are still read in one snapshot.
-- * learning_rollup_rows (0310) read a touch's variant from sales_send_queue by its id alone, twice,
--   and its other look-ups named the tenant only through the events' column: Citus could not route
--   the rollup's statement to the tenant's shard ("correlated subqueries are not supported when the
--   FROM clause contains a CTE or subquery"). Every table it reads is now filtered by
--   client_id = p_client (the events' tenant, the same rows); the rules are 0177's, unchanged.
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

create or replace function learning_rollup_rows(p_client text, p_lo bigint, p_hi bigint)
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
                            else (select s.variant from sales_send_queue s
                                  where s.client_id = p_client and s.id = e.send_item_id) end
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
                join campaign_contacts cc on cc.id = x.id::uuid and cc.client_id = p_client
               where e.event_type = 'opted_out'
            ) ev
            -- the touch it is attributed to (replies, exits, opt-outs, bounces), or for a touch the
            -- enrollment's previous step's touch (the gap between steps)
            left join lateral (
              select t.step_number, t.occurred_at,
                     coalesce(t.details ->> 'variant',
                              (select s.variant from sales_send_queue s
                                where s.client_id = p_client and s.id = t.send_item_id)) as variant
                from cadence_event_log t
               where (not ev.own or (ev.metric = 'sent' and ev.step_number > 1))
                 and t.client_id = p_client and t.contact_id = ev.contact_id
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

drop function learning_funnel_live(text);
create function learning_funnel_live(p_client text)
returns table (campaign_id uuid, step_number int, variant text, week date, metric text, n bigint)
language plpgsql stable as $$
#variable_conflict use_column
declare
  v_horizon bigint;
begin
  select c.horizon into v_horizon from event_log_cursors c
   where c.client_id = p_client and c.consumer = 'learning_rollup';
  return query
  select r.campaign_id, r.step_number, r.variant, r.week, r.metric, r.n
    from learning_funnel_rollup r where r.client_id = p_client;
  return query
  select t.campaign_id, t.step_number, t.variant, t.week, t.metric, t.n
    from learning_rollup_rows(p_client, coalesce(v_horizon, 0), null) t;
end $$;

drop function event_log_daily_live(text, timestamptz);
create function event_log_daily_live(p_client text, p_since timestamptz)
returns table (day date, kind text, cohort text, reason text, action text, n bigint)
language plpgsql stable as $$
#variable_conflict use_column
declare
  v_next_day timestamptz := ((p_since at time zone 'UTC')::date + 1)::timestamp at time zone 'UTC';
  v_horizon bigint;
begin
  select c.horizon into v_horizon from event_log_cursors c
   where c.client_id = p_client and c.consumer = 'workspace_daily';
  return query
  select r.day, r.kind, r.cohort, r.reason, r.action, r.n
    from event_log_daily r
   where r.client_id = p_client and r.day >= (v_next_day at time zone 'UTC')::date;
  return query
  select t.day, t.kind, t.cohort, t.reason, t.action, t.n
    from event_log_daily_rows(p_client, coalesce(v_horizon, 0), null, v_next_day, null) t;
  return query
  select t.day, t.kind, t.cohort, t.reason, t.action, t.n
    from event_log_daily_rows(p_client, 0, null, p_since, v_next_day) t;
end $$;

-- The cursor's advance (0311) wrote the rollup with INSERT … SELECT FROM learning_rollup_rows(…):
-- on Citus that statement is routed to the tenant's shard and the function inside it may not read
-- distributed tables there ("cannot execute a distributed query from a query on a shard"). The rows
-- are computed by a statement of their own, then written one upsert each (a pass writes a few rows
-- per tenant: its new events summed by campaign, step, variant, week and metric). Otherwise 0311's.
create or replace function baton_advance_event_cursor(p_client text, p_consumer text) returns bigint
language plpgsql as $$
declare
  v_from bigint;
  v_to bigint;
  v_rows bigint := 0;
  x record;
begin
  insert into event_log_cursors (client_id, consumer) values (p_client, p_consumer) on conflict do nothing;
  select c.horizon into v_from from event_log_cursors c
   where c.client_id = p_client and c.consumer = p_consumer for update;
  -- a statement of its own: its snapshot is taken after the lock, so a queued advance sees the
  -- horizon the one before it committed
  v_to := greatest(v_from, txid_snapshot_xmin(txid_current_snapshot()));
  if v_to = v_from then
    return 0;
  end if;
  if p_consumer = 'learning_rollup' then
    for x in select * from learning_rollup_rows(p_client, v_from, v_to) loop
      insert into learning_funnel_rollup as r (client_id, campaign_id, step_number, variant, week, metric, shard, n)
      values (p_client, x.campaign_id, x.step_number, x.variant, x.week, x.metric, 0, x.n)
      on conflict (client_id, campaign_id, step_number, variant, week, metric, shard)
        do update set n = r.n + excluded.n;
      v_rows := v_rows + 1;
    end loop;
  else
    for x in select * from event_log_daily_rows(p_client, v_from, v_to, null, null) loop
      insert into event_log_daily as r (client_id, day, kind, cohort, reason, action, n)
      values (p_client, x.day, x.kind, x.cohort, x.reason, x.action, x.n)
      on conflict (client_id, day, kind, cohort, reason, action) do update set n = r.n + excluded.n;
      v_rows := v_rows + 1;
    end loop;
  end if;
  update event_log_cursors set horizon = v_to, advanced_at = now()
   where client_id = p_client and consumer = p_consumer;
  return v_rows;
end $$;
