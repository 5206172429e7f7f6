-- The phone call channel (issue 59 item 6a), CHANNEL_KINDS.phone in src/channels/channel-kinds.ts:
-- a call step becomes the rep's task (kind phone_call) with the drafted call script, and the rep
-- records the call's outcome on it (docs/campaigns.md "Phone calls": which outcomes are touches).
-- Every channel CHECK says what the table says (test/channels/channel-kinds.test.ts); a wrong or
-- bad number suppresses the phone channel for the contact (contacts.phone_suppressed_at), not the
-- person. Plain DDL: Citus propagates it to every shard.
alter table campaign_replies drop constraint campaign_replies_channel_check,
  add constraint campaign_replies_channel_check check (channel in ('email', 'linkedin', 'phone'));
alter table campaign_sequences drop constraint campaign_sequences_channel_check,
  add constraint campaign_sequences_channel_check check (channel in ('email', 'linkedin', 'phone'));
alter table crm_activities drop constraint crm_activities_channel_check,
  add constraint crm_activities_channel_check check (channel in ('email', 'linkedin', 'phone'));
alter table engine_rep_tasks drop constraint engine_rep_tasks_channel_check,
  add constraint engine_rep_tasks_channel_check check (channel in ('email', 'linkedin', 'phone'));
alter table sales_send_queue drop constraint sales_send_queue_channel_check,
  add constraint sales_send_queue_channel_check check (channel in ('email', 'linkedin', 'phone'));
alter table staged_drafts drop constraint staged_drafts_channel_check,
  add constraint staged_drafts_channel_check check (channel in ('email', 'linkedin', 'phone'));
alter table engine_rep_tasks drop constraint engine_rep_tasks_kind_check,
  add constraint engine_rep_tasks_kind_check check (kind in ('linkedin_touch', 'phone_call', 'personal_send'));
alter table engine_rep_tasks add column outcome text,
  add constraint engine_rep_tasks_outcome_check
    check (outcome in ('connected', 'voicemail', 'no_answer', 'wrong_number', 'bad_number')),
  add constraint engine_rep_tasks_outcome_of_call check (outcome is null or (kind = 'phone_call' and status = 'done'));
alter table contacts add column phone_suppressed_at timestamptz;

-- a play's suggested cadence may call too (plays/play-documents.ts reads CHANNELS); 0210's check
-- with the phone among the channels
create or replace function baton_play_cadence_error(p_cadence jsonb) returns jsonb language plpgsql immutable as $$
declare
  s jsonb;
  i int := 0;
  v_path text;
begin
  if jsonb_typeof(p_cadence -> 'steps') is distinct from 'array'
     or jsonb_array_length(p_cadence -> 'steps') = 0 then
    return jsonb_build_object('path', 'suggested_cadence/steps', 'message', 'has no steps');
  end if;
  for s in select e from jsonb_array_elements(p_cadence -> 'steps') e loop
    v_path := format('suggested_cadence/steps/%s', i);
    if jsonb_typeof(s) is distinct from 'object' then
      return jsonb_build_object('path', v_path, 'message', 'is not a step');
    end if;
    if jsonb_typeof(s -> 'day') is distinct from 'number' then
      return jsonb_build_object('path', v_path || '/day', 'message', 'must be a whole number of days 0..365');
    end if;
    if (s ->> 'day')::numeric not between 0 and 365 or (s ->> 'day')::numeric % 1 <> 0 then
      return jsonb_build_object('path', v_path || '/day', 'message', 'must be a whole number of days 0..365');
    end if;
    if coalesce(s ->> 'channel', '') not in ('email', 'linkedin', 'phone') or jsonb_typeof(s -> 'channel') <> 'string' then
      return jsonb_build_object('path', v_path || '/channel', 'message', 'must be email, linkedin or phone');
    end if;
    if jsonb_typeof(s -> 'content_type') is distinct from 'string' then
      return jsonb_build_object('path', v_path || '/content_type', 'message', 'must be a content type');
    end if;
    if btrim(s ->> 'content_type') = '' then
      return jsonb_build_object('path', v_path || '/content_type', 'message', 'must be a content type');
    end if;
    if jsonb_typeof(s -> 'instructions') is distinct from 'string' then
      return jsonb_build_object('path', v_path || '/instructions', 'message', 'must not be blank');
    end if;
    if btrim(s ->> 'instructions') = '' then
      return jsonb_build_object('path', v_path || '/instructions', 'message', 'must not be blank');
    end if;
    i := i + 1;
  end loop;
  return null;
end $$;
