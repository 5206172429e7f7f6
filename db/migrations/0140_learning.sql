-- Learning (issue 13): A/B variants per step, step funnels kept as rollups, retrospectives drafted
-- from the numbers, and the demo's living-history marker. Learning migrations are 0140-0149.

-- A step's variants: [{ "key": "A", "subject": "...", "instructions": "...", "weight": 50 }, ...]
-- (2 to 4, validated by src/campaigns/validate-definition.ts). NULL: the step has no variants.
alter table campaign_sequences add column variants jsonb;
-- the variant the engine assigned to the send item (deterministic hash of enrollment and step)
alter table sales_send_queue add column variant text;

-- RevOps promoted a winner: from then on every enrollment gets it (the losers stop being assigned).
-- Keyed by campaign and step, so it survives a rewrite of the campaign's steps (a key no longer
-- among the step's variants is ignored).
create table learning_variant_winners (
  client_id    text not null references clients (client_id),
  campaign_id  uuid not null,
  step_number  int not null,
  variant      text not null,
  promoted_by  uuid,
  promoted_at  timestamptz not null default now(),
  primary key (client_id, campaign_id, step_number),
  foreign key (client_id, campaign_id) references campaigns (client_id, id),
  foreign key (client_id, promoted_by) references principals (client_id, principal_id)
);

-- Step funnels, kept incrementally from the event log (one upsert statement per inserted batch of
-- events; no foreign key on purpose: the trigger runs on the engine's hot path).
--   metric: sent | bounced | replied:<intent> | exit:<reason> | opted_out
--           | held:<reason> | queued:<reason> | blocked:<reason>
--           | gap_sent:<d>   days since the enrollment's previous step's touch (0..60, 60 = 60 or more)
--           | gap_reply:<d>  days from the touch a reply answers to the reply
-- step_number 0: activation decisions (no step yet). variant '': no variant.
-- Replies, exits and opt-outs count at the step (and variant) of the enrollment's last touch before
-- them; bounces at the step of the bounced item; gate decisions at the step they gated.
create table learning_funnel_rollup (
  client_id    text not null,
  campaign_id  uuid not null,
  step_number  int not null,
  variant      text not null default '',
  week         date not null,
  metric       text not null,
  n            bigint not null,
  primary key (client_id, campaign_id, step_number, variant, week, metric)
);

create function learning_rollup_events() returns trigger language plpgsql as $$
begin
  insert into learning_funnel_rollup as r (client_id, campaign_id, step_number, variant, week, metric, n)
  select x.client_id, x.campaign_id, x.step_number, x.variant, x.week, x.metric, count(*)
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
                       when 'held' then 'held:' || coalesce(e.suppressed_reason, 'touch_cap_exceeded')
                       when 'queued' then 'queued:' || coalesce(e.suppressed_reason, 'conflict_resolved_queued')
                       else 'blocked:' || coalesce(e.suppressed_reason, e.resolution, 'gate_' || e.gate::text, 'unknown')
                     end as metric,
                     -- the event is counted at its own step (touches and gate decisions)
                     e.event_type not in ('bounce', 'reply', 'exit') as own,
                     case when e.event_type = 'touch' then
                       case when e.details ? 'variant' then e.details ->> 'variant'
                            else (select s.variant from sales_send_queue s where s.id = e.send_item_id) end
                     end as variant
                from new_rows e
               where e.campaign_id is not null
                 and e.event_type in ('touch', 'bounce', 'reply', 'exit', 'held', 'queued', 'suppressed', 'rejected')
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
  on conflict (client_id, campaign_id, step_number, variant, week, metric)
    do update set n = r.n + excluded.n;
  return null;
end $$;

-- Statement-level with a transition table: the engine inserts its events in bulk, so one upsert
-- per statement, not one per row.
create trigger learning_rollup_events after insert on cadence_event_log
  referencing new table as new_rows
  for each statement execute function learning_rollup_events();

-- Backfill what the log already holds: the same trigger over a scratch copy (one definition of the
-- rules; the attribution lookups read cadence_event_log itself).
create table learning_rollup_backfill (like cadence_event_log);
create trigger learning_rollup_backfill after insert on learning_rollup_backfill
  referencing new table as new_rows
  for each statement execute function learning_rollup_events();
insert into learning_rollup_backfill overriding system value select * from cadence_event_log;
drop table learning_rollup_backfill;

-- Retrospectives drafted from the numbers when a play's evaluation window ends (spec 000), for
-- RevOps to confirm or amend; every decision is kept in the revisions.
create table learning_retrospectives (
  retrospective_id  uuid not null default gen_random_uuid(),
  client_id         text not null references clients (client_id),
  play_id           uuid not null,
  window_start      timestamptz not null,
  window_end        timestamptz not null,
  measured          jsonb not null,
  outcomes          jsonb not null,
  draft_text        text not null,
  status            text not null default 'draft' check (status in ('draft', 'confirmed', 'amended')),
  decided_by        uuid,
  decided_at        timestamptz,
  created_at        timestamptz not null default now(),
  primary key (client_id, retrospective_id),
  unique (client_id, play_id, window_end),
  foreign key (client_id, play_id) references plays (client_id, play_id),
  foreign key (client_id, decided_by) references principals (client_id, principal_id)
);

create table learning_retrospective_revisions (
  revision_id        bigint generated always as identity,
  client_id          text not null,
  retrospective_id   uuid not null,
  action             text not null check (action in ('drafted', 'confirmed', 'amended')),
  outcomes           jsonb not null,
  notes              text,
  actor_principal_id uuid,
  created_at         timestamptz not null default now(),
  primary key (client_id, revision_id),
  foreign key (client_id, retrospective_id) references learning_retrospectives (client_id, retrospective_id),
  foreign key (client_id, actor_principal_id) references principals (client_id, principal_id)
);
create index learning_retrospective_revisions_idx
  on learning_retrospective_revisions (client_id, retrospective_id, revision_id);

-- The demo's living history ran for this tenant (later starts add nothing).
create table learning_demo_history (
  client_id      text not null references clients (client_id) primary key,
  simulated_days int not null,
  started_at     timestamptz not null,
  completed_at   timestamptz not null default now()
);
