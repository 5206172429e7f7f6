-- Issue 40 item 4: the cap check took the play row itself (baton_plays_check_cap(n plays), 0010/0210).
-- On Citus the update trigger runs on a shard, whose rows are of the shard's own row type, and the
-- worker has no function of that signature: Citus did not create it there (a function bound to a
-- table's row type stays on the coordinator), so activating a play failed on the cluster. The check
-- now takes the five fields it reads; its body is 0210's. baton_plays_before_update is 0260's, with
-- that one call changed.
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

create function baton_plays_check_cap_of(p_client text, p_scope text, p_segment text, p_account_id uuid,
                                         p_play_id uuid) returns void language plpgsql as $$
declare
  v_now timestamptz := baton_plays_now();
  v_cap int;
  v_seg_cap int;
  v_active jsonb;
begin
  insert into play_cap_locks as l (client_id, cap_key, activations)
    values (p_client,
            case when p_scope = 'segment' then 'segment:' || p_segment else 'account:' || p_account_id end, 1)
    on conflict (client_id, cap_key) do update set activations = l.activations + 1;
  if p_scope = 'segment' then
    select s.play_cap into v_seg_cap from segments s
      where s.client_id = p_client and s.segment = p_segment for no key update;
    select coalesce(v_seg_cap, c.default_segment_cap, 5) into v_cap
      from (select 1) one left join play_library_config c on c.client_id = p_client;
    v_active := baton_plays_counted(p_client, p_segment, null, p_play_id, v_now);
    if jsonb_array_length(v_active) >= v_cap then
      perform baton_plays_raise('BP004',
        format('segment %s has %s of %s active plays', p_segment, jsonb_array_length(v_active), v_cap),
        jsonb_build_object('segment', p_segment, 'active', jsonb_array_length(v_active), 'cap', v_cap,
                           'play_id', p_play_id, 'active_plays', v_active));
    end if;
  else
    perform 1 from accounts a where a.client_id = p_client and a.account_id = p_account_id for no key update;
    v_active := baton_plays_counted(p_client, null, p_account_id, p_play_id, v_now);
    if jsonb_array_length(v_active) >= 1 then
      perform baton_plays_raise('BP005',
        format('account %s already has an active play', p_account_id),
        jsonb_build_object('account_id', p_account_id, 'active', jsonb_array_length(v_active), 'cap', 1,
                           'play_id', p_play_id, 'active_plays', v_active));
    end if;
  end if;
end $$;

create or replace function baton_plays_before_update() returns trigger language plpgsql as $$
declare
  a record;
  v_now timestamptz := baton_plays_now();
  v_changes jsonb := '{}';
  v_system boolean := current_setting('baton.actor_kind', true) = 'system'
                      and nullif(current_setting('baton.actor_id', true), '') is null;
  v_auto_sunset boolean;
begin
  if v_system then
    -- the system actor holds no role: every role check below refuses it
    select null::uuid as principal_id, 'system'::text as kind, '{}'::text[] as roles, null::text as agent_id,
           'system'::text as display_name into a;
  else
    select * into a from baton_plays_actor(new.client_id);
    if a.principal_id is null then
      perform baton_plays_raise('BP009', 'no acting principal for this write',
        jsonb_build_object('operation', 'update', 'play_id', old.play_id));
    end if;
    -- spec 000: a brain agent can never move a play's state, and no one else writes draft rows
    if a.kind <> 'person' and not (a.kind = 'agent' and a.agent_id = old.writer_agent_id
                                   and old.state = 'draft' and new.state = 'draft') then
      perform baton_plays_raise('BP002', 'agents never change a play after drafting it',
        jsonb_build_object('action', 'change a play', 'actor', a.agent_id, 'play_id', old.play_id,
                           'required', 'a RevOps or sales-leader person'));
    end if;
  end if;

  if row(new.play_id, new.client_id, new.scope, new.segment, new.account_id, new.originating_proposal_id,
         new.writer_agent_id, new.created_at, new.copied_from_play_id, new.success_criteria)
     is distinct from
     row(old.play_id, old.client_id, old.scope, old.segment, old.account_id, old.originating_proposal_id,
         old.writer_agent_id, old.created_at, old.copied_from_play_id, old.success_criteria) then
    perform baton_plays_raise('BP007', 'identity, target scope, lineage and success criteria are fixed',
      jsonb_build_object('operation', 'update', 'play_id', old.play_id));
  end if;
  if new.edits_during_review is distinct from old.edits_during_review then
    perform baton_plays_raise('BP007', 'the edit log is appended by the database only',
      jsonb_build_object('operation', 'update', 'field', 'edits_during_review', 'play_id', old.play_id));
  end if;

  -- the system actor (the sunset job) may only retire an expired active play of an auto-sunset segment
  if v_system then
    select coalesce(s.auto_sunset, false) into v_auto_sunset
      from segments s
      where s.client_id = old.client_id
        and s.segment = coalesce(old.segment, (select ac.segment from accounts ac
                                               where ac.client_id = old.client_id
                                                 and ac.account_id = old.account_id));
    if not (old.state = 'active' and new.state = 'retired' and new.retire_reason = 'auto_sunset'
            and coalesce(v_auto_sunset, false) and baton_play_expired(old.active_period_end, v_now)) then
      perform baton_plays_raise('BP002', 'the system only auto-sunsets expired plays of auto-sunset segments',
        jsonb_build_object('action', 'change a play', 'actor', 'system', 'play_id', old.play_id,
                           'required', 'a RevOps or sales-leader person'));
    end if;
  end if;

  if new.state = old.state then
    if old.state = 'draft' and not (a.kind = 'agent' and a.agent_id = old.writer_agent_id) then
      perform baton_plays_raise('BP006', 'a draft is read-only; pick it up to edit it',
        jsonb_build_object('play_id', old.play_id, 'state', old.state));
    end if;
    -- the writing agent's revision of its draft (allowed above) is not a review edit
    if old.state <> 'draft'
       and row(new.name, new.hypothesis, new.target_definition, new.suggested_cadence)
       is distinct from row(old.name, old.hypothesis, old.target_definition, old.suggested_cadence) then
      if old.state <> 'under_review' then
        perform baton_plays_raise('BP006', format('a play is edited only in under_review, not %s', old.state),
          jsonb_build_object('play_id', old.play_id, 'state', old.state));
      end if;
      if not (a.roles && array['revops', 'slm']) then
        perform baton_plays_raise('BP002', 'only RevOps or a sales leader edits a play in review',
          jsonb_build_object('action', 'edit a play', 'actor', a.display_name, 'play_id', old.play_id,
                             'required', 'the revops or slm role'));
      end if;
      if new.name is distinct from old.name then
        v_changes := v_changes || jsonb_build_object('name', jsonb_build_object('from', old.name, 'to', new.name));
      end if;
      if new.hypothesis is distinct from old.hypothesis then
        v_changes := v_changes || jsonb_build_object('hypothesis',
          jsonb_build_object('from', old.hypothesis, 'to', new.hypothesis));
      end if;
      if new.target_definition is distinct from old.target_definition then
        v_changes := v_changes || jsonb_build_object('target_definition',
          jsonb_build_object('from', old.target_definition, 'to', new.target_definition));
      end if;
      if new.suggested_cadence is distinct from old.suggested_cadence then
        v_changes := v_changes || jsonb_build_object('suggested_cadence',
          jsonb_build_object('from', old.suggested_cadence, 'to', new.suggested_cadence));
      end if;
      -- an approval covers the text that was approved: an edit withdraws earlier approvals
      new.edits_during_review := coalesce(old.edits_during_review, '[]'::jsonb) || jsonb_build_array(
        jsonb_build_object('at', v_now, 'by_user_id', a.principal_id, 'by_name', a.display_name,
                           'changes', v_changes,
                           'approvals_withdrawn', (old.slm_approver_user_id is not null
                                                   or old.revops_approver_user_id is not null)));
      new.slm_approver_user_id := null;
      new.slm_approved_at := null;
      new.revops_approver_user_id := null;
      new.revops_approved_at := null;
    end if;
  elsif not ((old.state = 'draft' and new.state in ('under_review', 'retired'))
          or (old.state = 'under_review' and new.state in ('active', 'retired'))
          or (old.state = 'active' and new.state = 'retired')) then
    perform baton_plays_raise('BP001', format('%s -> %s is not an allowed transition', old.state, new.state),
      jsonb_build_object('play_id', old.play_id, 'from', old.state, 'to', new.state));
  elsif row(new.name, new.hypothesis, new.target_definition, new.suggested_cadence)
        is distinct from row(old.name, old.hypothesis, old.target_definition, old.suggested_cadence) then
    -- an edit rides on no transition: it is logged, and it withdraws approvals, only on its own
    perform baton_plays_raise('BP006', 'edit in under_review, in a write of its own, not with a transition',
      jsonb_build_object('play_id', old.play_id, 'state', old.state));
  end if;

  -- pickup: draft -> under_review, by RevOps or a sales leader, recorded
  if old.state = 'draft' and new.state = 'under_review' then
    if not (a.roles && array['revops', 'slm']) then
      perform baton_plays_raise('BP002', 'only RevOps or a sales leader picks up a draft',
        jsonb_build_object('action', 'pick up a draft', 'actor', a.display_name, 'play_id', old.play_id,
                           'required', 'the revops or slm role'));
    end if;
    new.picked_up_by_user_id := a.principal_id;
    new.picked_up_at := v_now;
  elsif new.picked_up_by_user_id is distinct from old.picked_up_by_user_id
        or new.picked_up_at is distinct from old.picked_up_at then
    perform baton_plays_raise('BP007', 'pickup fields are set by the pickup only',
      jsonb_build_object('operation', 'update', 'field', 'picked_up_by_user_id', 'play_id', old.play_id));
  end if;

  -- approvals: each is given once, by the acting person, holding that role, in under_review
  if new.slm_approver_user_id is distinct from old.slm_approver_user_id
     and not (new.slm_approver_user_id is null and v_changes <> '{}') then
    if old.state <> 'under_review' or old.slm_approver_user_id is not null then
      perform baton_plays_raise('BP010', 'the sales-leader approval is already given or the play is not in review',
        jsonb_build_object('play_id', old.play_id, 'state', old.state, 'role', 'slm'));
    end if;
    if new.slm_approver_user_id is distinct from a.principal_id or not ('slm' = any (a.roles)) then
      perform baton_plays_raise('BP002', 'the sales-leader approval is given by a sales leader, as themself',
        jsonb_build_object('action', 'approve as slm', 'actor', a.display_name, 'play_id', old.play_id,
                           'required', 'the slm role'));
    end if;
    new.slm_approved_at := v_now;
  elsif new.slm_approved_at is distinct from old.slm_approved_at and v_changes = '{}' then
    perform baton_plays_raise('BP007', 'approval times are set by the database',
      jsonb_build_object('operation', 'update', 'field', 'slm_approved_at', 'play_id', old.play_id));
  end if;
  if new.revops_approver_user_id is distinct from old.revops_approver_user_id
     and not (new.revops_approver_user_id is null and v_changes <> '{}') then
    if old.state <> 'under_review' or old.revops_approver_user_id is not null then
      perform baton_plays_raise('BP010', 'the RevOps approval is already given or the play is not in review',
        jsonb_build_object('play_id', old.play_id, 'state', old.state, 'role', 'revops'));
    end if;
    if new.revops_approver_user_id is distinct from a.principal_id or not ('revops' = any (a.roles)) then
      perform baton_plays_raise('BP002', 'the RevOps approval is given by RevOps, as themself',
        jsonb_build_object('action', 'approve as revops', 'actor', a.display_name, 'play_id', old.play_id,
                           'required', 'the revops role'));
    end if;
    new.revops_approved_at := v_now;
  elsif new.revops_approved_at is distinct from old.revops_approved_at and v_changes = '{}' then
    perform baton_plays_raise('BP007', 'approval times are set by the database',
      jsonb_build_object('operation', 'update', 'field', 'revops_approved_at', 'play_id', old.play_id));
  end if;
  -- spec 000: two distinct people; one person holding both roles cannot approve twice
  if new.slm_approver_user_id is not null and new.slm_approver_user_id = new.revops_approver_user_id then
    perform baton_plays_raise('BP003', 'the two approvals must come from two different people',
      jsonb_build_object('play_id', old.play_id, 'user_id', new.slm_approver_user_id));
  end if;

  -- activation: under_review -> active, both approvals present, caps hold
  if old.state = 'under_review' and new.state = 'active' then
    if v_system or not (a.roles && array['revops', 'slm']) then
      perform baton_plays_raise('BP002', 'only the approvers (RevOps, sales leader) activate a play',
        jsonb_build_object('action', 'activate a play', 'play_id', old.play_id, 'required', 'slm or revops'));
    end if;
    if new.slm_approver_user_id is null or new.revops_approver_user_id is null then
      perform baton_plays_raise('BP012', 'activation needs both the sales-leader and the RevOps approval',
        jsonb_build_object('play_id', old.play_id,
                           'missing', case when new.slm_approver_user_id is null
                                           and new.revops_approver_user_id is null then 'slm, revops'
                                      when new.slm_approver_user_id is null then 'slm' else 'revops' end));
    end if;
    if not baton_principal_has_role(new.client_id, new.slm_approver_user_id, 'slm')
       or not baton_principal_has_role(new.client_id, new.revops_approver_user_id, 'revops') then
      perform baton_plays_raise('BP002', 'an approver no longer holds the role they approved as',
        jsonb_build_object('action', 'activate a play', 'play_id', old.play_id, 'required', 'slm and revops'));
    end if;
    new.activated_at := v_now;
    new.active_period_start := coalesce(new.active_period_start, (v_now at time zone 'UTC')::date);
    perform baton_plays_check_cap_of(new.client_id, new.scope, new.segment, new.account_id, new.play_id);
  elsif new.activated_at is distinct from old.activated_at
        or (new.active_period_start is distinct from old.active_period_start and old.state <> 'under_review') then
    perform baton_plays_raise('BP007', 'activation fields are set on activation only',
      jsonb_build_object('operation', 'update', 'field', 'activated_at', 'play_id', old.play_id));
  end if;
  if new.active_period_end is distinct from old.active_period_end then
    if old.state = 'retired' or v_system
       or (old.state = 'active' and not ('revops' = any (a.roles)))
       or (old.state = 'under_review' and not (a.roles && array['revops', 'slm'])) then
      perform baton_plays_raise('BP002', 'only RevOps (or an SLM in review) changes the sunset date',
        jsonb_build_object('action', 'change active_period_end', 'play_id', old.play_id,
                           'required', 'the revops role'));
    end if;
  end if;

  -- retirement: only RevOps (or the sunset job), with a reason that fits where the play was
  if new.state = 'retired' and old.state <> 'retired' then
    if not v_system and not ('revops' = any (a.roles)) then
      perform baton_plays_raise('BP002', 'only RevOps retires a play',
        jsonb_build_object('action', 'retire a play', 'actor', a.display_name, 'play_id', old.play_id,
                           'required', 'the revops role'));
    end if;
    if new.retire_reason is null
       or (old.state = 'draft' and new.retire_reason <> 'rejected_at_draft')
       or (old.state = 'under_review' and new.retire_reason not in ('rejected_at_review', 'replaced'))
       or (old.state = 'active' and new.retire_reason not in ('completed', 'replaced', 'poor_performance',
                                                               'auto_sunset')) then
      perform baton_plays_raise('BP008', 'retiring needs a retire_reason that fits the play''s state',
        jsonb_build_object('play_id', old.play_id, 'from', old.state, 'retire_reason', new.retire_reason,
                           'allowed', case old.state when 'draft' then '["rejected_at_draft"]'::jsonb
                                        when 'under_review' then '["rejected_at_review","replaced"]'::jsonb
                                        else '["completed","replaced","poor_performance","auto_sunset"]'::jsonb end));
    end if;
    new.retired_at := v_now;
    new.retired_by_user_id := case when v_system then null else a.principal_id end;
  elsif row(new.retired_at, new.retired_by_user_id, new.retire_reason)
        is distinct from row(old.retired_at, old.retired_by_user_id, old.retire_reason) then
    perform baton_plays_raise('BP007', 'retirement fields are set on retirement only',
      jsonb_build_object('operation', 'update', 'field', 'retire_reason', 'play_id', old.play_id));
  end if;

  -- retrospective outcomes: recorded by RevOps on plays that ran or were retired (spec 000)
  if new.retrospective_outcomes is distinct from old.retrospective_outcomes then
    if v_system or not ('revops' = any (a.roles)) or old.state not in ('active', 'retired') then
      perform baton_plays_raise('BP002', 'RevOps records retrospective outcomes of active or retired plays',
        jsonb_build_object('action', 'record retrospective outcomes', 'play_id', old.play_id,
                           'required', 'the revops role, on an active or retired play'));
    end if;
  end if;

  new.updated_at := v_now;
  return new;
end $$;

drop function baton_plays_check_cap(plays);
