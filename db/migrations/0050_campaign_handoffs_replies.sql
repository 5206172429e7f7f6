-- Campaigns (spec 002): step-order rules in the database, the exec hand-off gate, and inbound replies.
-- Campaigns own 0050-0059.

-- spec 002 campaign_sequences: steps are numbered 1..n per campaign (a gap or duplicate has no
-- meaning) and delay_days counts from enrollment, so it never goes down from one step to the next.
-- Deferred to commit, so a definition may replace its steps row by row inside one transaction.
create function campaign_sequences_check_order() returns trigger language plpgsql as $$
declare
  cid uuid := coalesce(new.campaign_id, old.campaign_id);
  n int;
  mx int;
  bad_step int;
begin
  select count(*), coalesce(max(step_number), 0) into n, mx from campaign_sequences where campaign_id = cid;
  if n <> mx then
    raise exception using errcode = 'BE001', message = 'campaign steps must be numbered 1..n without a gap',
      detail = json_build_object('campaign_id', cid, 'steps', n, 'max_step', mx)::text;
  end if;
  select b.step_number into bad_step
    from campaign_sequences a join campaign_sequences b
      on b.campaign_id = a.campaign_id and b.step_number = a.step_number + 1
   where a.campaign_id = cid and b.delay_days < a.delay_days
   limit 1;
  if bad_step is not null then
    raise exception using errcode = 'BE002', message = 'campaign step delay_days must not decrease',
      detail = json_build_object('campaign_id', cid, 'step_number', bad_step)::text;
  end if;
  return null;
end $$;
create constraint trigger campaign_sequences_order after insert or update or delete on campaign_sequences
  deferrable initially deferred for each row execute function campaign_sequences_check_order();

-- spec 002 pipeline: "meeting_booked task dispatched to roles.exec (Justin) → Justin reviews handoff,
-- specifies campaign(s)". One hand-off per exited enrollment; the contact is enrolled only when the
-- exec routes it.
create table campaign_handoffs (
  id                       uuid not null default gen_random_uuid() primary key,
  client_id                text not null references clients (client_id),
  contact_id               uuid not null,
  from_enrollment_id       uuid not null,
  from_campaign_id         uuid not null,
  exit_reason              text not null,
  gate_role                text not null default 'exec' check (gate_role in ('exec')),
  status                   text not null default 'open' check (status in ('open', 'routed', 'closed')),
  created_at               timestamptz not null default now(),
  decided_at               timestamptz,
  decided_by_principal_id  uuid,
  routed_campaign_ids      jsonb not null default '[]',
  routed_enrollment_ids    jsonb not null default '[]',
  goal                     text check (goal in ('awareness', 'pipeline', 'credibility', 'marketing_relief')),
  notes                    text,
  unique (client_id, id),
  constraint campaign_handoffs_one_per_exit unique (from_enrollment_id),
  constraint campaign_handoffs_decided check ((status = 'open') = (decided_at is null)),
  foreign key (client_id, contact_id) references contacts (client_id, contact_id),
  foreign key (client_id, from_enrollment_id) references campaign_contacts (client_id, id),
  foreign key (client_id, from_campaign_id) references campaigns (client_id, id),
  foreign key (client_id, decided_by_principal_id) references principals (client_id, principal_id)
);
create index campaign_handoffs_open_idx on campaign_handoffs (client_id, created_at) where status = 'open';

-- spec 002 process_reply: every inbound reply, its classification and what Baton did with it.
create table campaign_replies (
  id                        uuid not null default gen_random_uuid() primary key,
  client_id                 text not null references clients (client_id),
  contact_id                uuid not null,
  enrollment_id             uuid,
  channel                   text not null default 'email' check (channel in ('email', 'linkedin')),
  message_id                text,
  received_at               timestamptz not null,
  recorded_at               timestamptz not null default now(),
  body                      text not null,
  intent                    text not null check (intent in ('interested', 'meeting', 'not_interested',
                              'unsubscribe', 'out_of_office', 'other')),
  confidence                real not null,
  classified_by             text not null,
  return_date               timestamptz,
  action                    text not null check (action in ('exited', 'paused', 'opted_out', 'continued',
                              'no_enrollment')),
  exit_reason               text,
  submitted_by_principal_id uuid,
  unique (client_id, id),
  -- a mail integration may deliver the same message twice; it is processed once
  constraint campaign_replies_message_uniq unique (client_id, message_id),
  foreign key (client_id, contact_id) references contacts (client_id, contact_id),
  foreign key (client_id, enrollment_id) references campaign_contacts (client_id, id),
  foreign key (client_id, submitted_by_principal_id) references principals (client_id, principal_id)
);
create index campaign_replies_contact_idx on campaign_replies (client_id, contact_id, received_at desc);
