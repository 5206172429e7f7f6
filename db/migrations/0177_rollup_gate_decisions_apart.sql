-- Issue 14: the learning rollup's gate decisions apart from its attributed events.
--
-- A held, queued, suppressed or rejected decision is counted at its own step with no variant, and
-- never looks up a touch. Yet each one ran the whole statement of 0170: the union with the opt-out
-- branch, the lateral look-up (which its own filter then skipped), the gap rows and the grouping.
-- A single decision per transaction (the API's gateStep and activations) paid that on every hold, on
-- the bench ~0.1 ms of the backend's time against ~0.3 ms for the rest of the write.
--
-- The function now reads the statement's rows once for two flags, and runs
-- * for gate decisions, one plain INSERT ... SELECT ... GROUP BY of the metrics 0170 gives them:
--   step_number coalesced to 0, variant '', metric held:/queued:/blocked: with the same fallbacks;
-- * for touches, bounces, replies, exits and opt-outs, 0170's statement, its first branch limited
--   to those four types (the case arms of the gate decisions are gone with them).
-- The two sets of metrics are disjoint, so no rollup row is written by both, and each statement's
-- GROUP BY still gives ON CONFLICT one row per key. Rows that neither counts return at once, as in 0170.
-- test/learning/rollup-equivalence.test.ts runs random statements through 0170's function and this one.
create or replace function learning_rollup_events() returns trigger language plpgsql as $$
declare
  v_shard smallint := pg_backend_pid() % 16;
  v_gate boolean;
  v_attributed boolean;
begin
  select coalesce(bool_or(e.campaign_id is not null
                          and e.event_type in ('held', 'queued', 'suppressed', 'rejected')), false),
         coalesce(bool_or((e.campaign_id is not null and e.event_type in ('touch', 'bounce', 'reply', 'exit'))
                          or e.event_type = 'opted_out'), false)
    into v_gate, v_attributed
    from new_rows e;
  if v_gate then
    insert into learning_funnel_rollup as r (client_id, campaign_id, step_number, variant, week, metric, shard, n)
    select e.client_id, e.campaign_id, coalesce(e.step_number, 0), '',
           (date_trunc('week', e.occurred_at at time zone 'UTC'))::date,
           case e.event_type
             when 'held' then 'held:' || coalesce(e.suppressed_reason, 'touch_cap_exceeded')
             when 'queued' then 'queued:' || coalesce(e.suppressed_reason, 'conflict_resolved_queued')
             else 'blocked:' || coalesce(e.suppressed_reason, e.resolution, 'gate_' || e.gate::text, 'unknown')
           end,
           v_shard, count(*)
      from new_rows e
     where e.campaign_id is not null
       and e.event_type in ('held', 'queued', 'suppressed', 'rejected')
     group by 1, 2, 3, 4, 5, 6
    on conflict (client_id, campaign_id, step_number, variant, week, metric, shard)
      do update set n = r.n + excluded.n;
  end if;
  if v_attributed then
    insert into learning_funnel_rollup as r (client_id, campaign_id, step_number, variant, week, metric, shard, n)
    select x.client_id, x.campaign_id, x.step_number, x.variant, x.week, x.metric, v_shard, count(*)
      from (
        select a.client_id, a.campaign_id, a.step_number, a.variant,
               (date_trunc('week', a.occurred_at at time zone 'UTC'))::date as week, m.metric
          from (
            select ev.client_id, ev.campaign_id, ev.occurred_at, ev.metric,
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
      ) x
     group by 1, 2, 3, 4, 5, 6
    on conflict (client_id, campaign_id, step_number, variant, week, metric, shard)
      do update set n = r.n + excluded.n;
  end if;
  return null;
end $$;
