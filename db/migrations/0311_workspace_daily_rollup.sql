-- Issue 39 item 4: the dashboard's figures from a daily rollup behind a cursor over the event log
-- (0310), instead of two covering indexes every touch and every suppression paid (0091) and 30- to
-- 92-day scans of them on each read. Also the cursors' advance, run by the engine's periodic work.

-- Per tenant and UTC day: touches, replies (reply, reply_received) and suppressions (by reason and
-- action), each split by cohort (brain: the event carries an originating proposal; other: not).
create table event_log_daily (
  client_id  text not null references clients (client_id),
  day        date not null,
  kind       text not null check (kind in ('touch', 'reply', 'suppressed')),
  cohort     text not null check (cohort in ('brain', 'other')),
  -- suppressions only ('' otherwise): suppressed_reason, and coordinator_action (block when null)
  reason     text not null default '',
  action     text not null default '',
  n          bigint not null,
  primary key (client_id, day, kind, cohort, reason, action)
);

-- The daily rows of the tenant's events written by the transactions in [p_lo, p_hi) and that
-- happened in [p_from, p_to) (a null bound: none). The one definition of what the dashboard counts.
create function event_log_daily_rows(p_client text, p_lo bigint, p_hi bigint, p_from timestamptz, p_to timestamptz)
returns table (day date, kind text, cohort text, reason text, action text, n bigint)
language plpgsql stable as $$
#variable_conflict use_column
begin
  return query
  select (e.occurred_at at time zone 'UTC')::date, k.kind,
         case when e.originating_proposal_id is null then 'other' else 'brain' end,
         k.reason, k.action, count(*)
    from cadence_event_log e
   cross join lateral (
     select 'touch', '', '' where e.event_type = 'touch'
     union all
     select 'reply', '', '' where e.event_type in ('reply', 'reply_received')
     union all
     select 'suppressed', e.suppressed_reason, coalesce(e.coordinator_action, 'block')
      where e.suppressed_reason is not null
   ) k(kind, reason, action)
   where e.client_id = p_client
     and e.xact >= p_lo and (p_hi is null or e.xact < p_hi)
     and (p_from is null or e.occurred_at >= p_from) and (p_to is null or e.occurred_at < p_to)
     and (e.event_type in ('touch', 'reply', 'reply_received') or e.suppressed_reason is not null)
   group by 1, 2, 3, 4, 5;
end $$;

-- What the dashboard reads for the events that happened at or after p_since: whole days after
-- p_since's from the rollup and from the events its cursor has not reached yet (the tail), and
-- p_since's own day, cut at p_since, from the log (a range of the BRIN on occurred_at). One
-- statement: the cursor, the rollup and the tail are read in one snapshot.
create function event_log_daily_live(p_client text, p_since timestamptz)
returns table (day date, kind text, cohort text, reason text, action text, n bigint)
language sql stable as $$
  with b as (
    select ((p_since at time zone 'UTC')::date + 1)::timestamp at time zone 'UTC' as next_day,
           coalesce((select c.horizon from event_log_cursors c
                      where c.client_id = p_client and c.consumer = 'workspace_daily'), 0) as horizon
  )
  select r.day, r.kind, r.cohort, r.reason, r.action, r.n
    from event_log_daily r, b
   where r.client_id = p_client and r.day >= (b.next_day at time zone 'UTC')::date
  union all
  select t.day, t.kind, t.cohort, t.reason, t.action, t.n
    from b, event_log_daily_rows(p_client, b.horizon, null, b.next_day, null) t
  union all
  select t.day, t.kind, t.cohort, t.reason, t.action, t.n
    from b, event_log_daily_rows(p_client, 0, null, p_since, b.next_day) t
$$;

-- Advances one consumer's cursor of one tenant to the oldest transaction still in progress (0310)
-- and folds the events in between into the consumer's rollup, in the caller's transaction. Returns
-- the number of rollup rows written. Concurrent advances of the same cursor queue on its row.
create function baton_advance_event_cursor(p_client text, p_consumer text) returns bigint
language plpgsql as $$
declare
  v_from bigint;
  v_to bigint;
  v_rows bigint := 0;
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
    insert into learning_funnel_rollup as r (client_id, campaign_id, step_number, variant, week, metric, shard, n)
    select p_client, x.campaign_id, x.step_number, x.variant, x.week, x.metric, 0, x.n
      from learning_rollup_rows(p_client, v_from, v_to) x
    on conflict (client_id, campaign_id, step_number, variant, week, metric, shard)
      do update set n = r.n + excluded.n;
  else
    insert into event_log_daily as r (client_id, day, kind, cohort, reason, action, n)
    select p_client, x.day, x.kind, x.cohort, x.reason, x.action, x.n
      from event_log_daily_rows(p_client, v_from, v_to, null, null) x
    on conflict (client_id, day, kind, cohort, reason, action) do update set n = r.n + excluded.n;
  end if;
  get diagnostics v_rows = row_count;
  update event_log_cursors set horizon = v_to, advanced_at = now()
   where client_id = p_client and consumer = p_consumer;
  return v_rows;
end $$;

-- What the log holds today, counted once; every tenant's cursor starts here (0310's note: no
-- concurrent writer while migrations run).
insert into event_log_daily (client_id, day, kind, cohort, reason, action, n)
select c.client_id, x.day, x.kind, x.cohort, x.reason, x.action, x.n
  from clients c cross join lateral event_log_daily_rows(c.client_id, 0, null, null, null) x;
insert into event_log_cursors (client_id, consumer, horizon)
select c.client_id, 'workspace_daily', txid_snapshot_xmin(txid_current_snapshot()) from clients c;
