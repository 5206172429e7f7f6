-- spec 000 rules, enforced by the database so that no path (API, CLI, a direct SQL writer) can skip
-- them: the state machine, who may write what, the edit log, joint approval, and the hard caps.
--
-- The acting principal is named per transaction by src/db/actor-context.ts:
--   set_config('baton.actor_id', <principal uuid>, true), 'baton.actor_kind' ('person'|'agent'|'system'),
--   'baton.now' (the application's clock, optional).
-- The triggers never trust the roles a caller claims: they read the principal's kind, roles and agent id
-- from the principals table of the row's own tenant.
-- Custom SQLSTATEs (class BP) are mapped to error codes in src/plays/play-errors.ts; DETAIL is JSON facts.

-- The clock the rules use: the application's (tests and simulations move it), else the database's.
create function baton_plays_now() returns timestamptz language sql stable as $$
  select coalesce(nullif(current_setting('baton.now', true), '')::timestamptz, now())
$$;

-- A play whose active_period_end has passed counts as expired everywhere (spec 000 sunset): the end
-- date is the last day it runs (UTC).
create function baton_play_expired(p_end date, p_now timestamptz) returns boolean
language sql immutable as $$
  select p_end is not null and p_end < (p_now at time zone 'UTC')::date
$$;

create function baton_plays_raise(p_code text, p_message text, p_facts jsonb) returns void
language plpgsql as $$
begin
  raise exception using errcode = p_code, message = p_message, detail = p_facts::text;
end $$;

-- The acting principal of this transaction within a tenant, or no row.
create function baton_plays_actor(p_client text)
returns table (principal_id uuid, kind text, roles text[], agent_id text, display_name text)
language plpgsql stable as $$
declare
  v_id text := nullif(current_setting('baton.actor_id', true), '');
begin
  if v_id is null or v_id !~ '^[0-9a-fA-F-]{36}$' then
    return;
  end if;
  return query
    select p.principal_id, p.kind, p.roles, p.agent_id::text, p.display_name
    from principals p where p.client_id = p_client and p.principal_id = v_id::uuid;
end $$;

-- Does this principal (of this tenant) hold the role?
create function baton_principal_has_role(p_client text, p_principal uuid, p_role text) returns boolean
language sql stable as $$
  select exists (select 1 from principals
                 where client_id = p_client and principal_id = p_principal
                   and kind = 'person' and p_role = any (roles))
$$;

-- Active plays of a segment (or account) that count against its cap, as [{play_id, name}].
create function baton_plays_counted(p_client text, p_segment text, p_account uuid, p_self uuid,
                                    p_now timestamptz)
returns jsonb language sql stable as $$
  select coalesce(jsonb_agg(jsonb_build_object('play_id', play_id, 'name', name) order by activated_at), '[]')
  from plays
  where client_id = p_client and state = 'active' and play_id <> p_self
    and not baton_play_expired(active_period_end, p_now)
    and ((p_segment is not null and scope = 'segment' and segment = p_segment)
      or (p_account is not null and account_id = p_account))
$$;

-- spec 000: hard volume caps, at write time, race-free. Lock what is counted: the segment row (or the
-- account row) serializes every activation in it, then the count sees every committed activation.
create function baton_plays_check_cap(n plays) returns void language plpgsql as $$
declare
  v_now timestamptz := baton_plays_now();
  v_cap int;
  v_seg_cap int;
  v_active jsonb;
begin
  if n.scope = 'segment' then
    select s.play_cap into v_seg_cap from segments s
      where s.client_id = n.client_id and s.segment = n.segment for no key update;
    select coalesce(v_seg_cap, c.default_segment_cap, 5) into v_cap
      from (select 1) one left join play_library_config c on c.client_id = n.client_id;
    v_active := baton_plays_counted(n.client_id, n.segment, null, n.play_id, v_now);
    if jsonb_array_length(v_active) >= v_cap then
      perform baton_plays_raise('BP004',
        format('segment %s has %s of %s active plays', n.segment, jsonb_array_length(v_active), v_cap),
        jsonb_build_object('segment', n.segment, 'active', jsonb_array_length(v_active), 'cap', v_cap,
                           'play_id', n.play_id, 'active_plays', v_active));
    end if;
  else
    perform 1 from accounts a where a.client_id = n.client_id and a.account_id = n.account_id for no key update;
    v_active := baton_plays_counted(n.client_id, null, n.account_id, n.play_id, v_now);
    if jsonb_array_length(v_active) >= 1 then
      perform baton_plays_raise('BP005',
        format('account %s already has an active play', n.account_id),
        jsonb_build_object('account_id', n.account_id, 'active', jsonb_array_length(v_active), 'cap', 1,
                           'play_id', n.play_id, 'active_plays', v_active));
    end if;
  end if;
end $$;

-- INSERT: only brain agents insert drafts, as themselves. The one exception is copying a retired play
-- into a new draft (spec 000: "to re-launch a retired play, copy it into a new draft row"): a RevOps
-- or sales-leader person may insert a draft that is an exact copy of a retired play of the same tenant.
create function baton_plays_before_insert() returns trigger language plpgsql as $$
declare
  a record;
  src plays;
begin
  select * into a from baton_plays_actor(new.client_id);
  if a.principal_id is null then
    perform baton_plays_raise('BP009', 'no acting principal for this write',
      jsonb_build_object('operation', 'insert'));
  end if;
  if new.state <> 'draft' then
    perform baton_plays_raise('BP001', format('a play is created as a draft, not %s', new.state),
      jsonb_build_object('from', null, 'to', new.state));
  end if;
  if new.picked_up_by_user_id is not null or new.picked_up_at is not null
     or new.slm_approver_user_id is not null or new.slm_approved_at is not null
     or new.revops_approver_user_id is not null or new.revops_approved_at is not null
     or new.activated_at is not null or new.retired_at is not null or new.retired_by_user_id is not null
     or new.retire_reason is not null or new.retrospective_outcomes is not null
     or new.edits_during_review is not null then
    perform baton_plays_raise('BP007', 'a new draft carries no review, approval or retirement fields',
      jsonb_build_object('operation', 'insert'));
  end if;
  if new.copied_from_play_id is null then
    if a.kind <> 'agent' or not exists (select 1 from brain_agents b
                                        where b.client_id = new.client_id and b.agent_id = a.agent_id) then
      perform baton_plays_raise('BP002', 'only brain agents insert drafts',
        jsonb_build_object('action', 'insert a draft play', 'actor', coalesce(a.agent_id, a.display_name),
                           'required', 'a brain agent (brain_agents)'));
    end if;
    if new.writer_agent_id is distinct from a.agent_id then
      perform baton_plays_raise('BP002', 'a brain agent drafts only as itself',
        jsonb_build_object('action', 'insert a draft play', 'actor', a.agent_id,
                           'required', format('writer_agent_id = %s', a.agent_id)));
    end if;
    if not exists (select 1 from brain_proposals bp where bp.client_id = new.client_id
                   and bp.proposal_id = new.originating_proposal_id and bp.agent_id = a.agent_id) then
      perform baton_plays_raise('BP002', 'a draft cites a proposal of its own writer',
        jsonb_build_object('action', 'insert a draft play', 'actor', a.agent_id,
                           'required', 'originating_proposal_id of a proposal by the same agent'));
    end if;
  else
    if a.kind <> 'person' or not (a.roles && array['revops', 'slm']) then
      perform baton_plays_raise('BP002', 'only RevOps or a sales leader copies a retired play',
        jsonb_build_object('action', 'copy a retired play', 'actor', coalesce(a.agent_id, a.display_name),
                           'required', 'the revops or slm role'));
    end if;
    select * into src from plays p where p.client_id = new.client_id and p.play_id = new.copied_from_play_id;
    if src.play_id is null then
      perform baton_plays_raise('BP011', 'the play to copy does not exist',
        jsonb_build_object('play_id', new.copied_from_play_id, 'state', null));
    end if;
    if src.state <> 'retired' then
      perform baton_plays_raise('BP011', 'only a retired play is copied into a new draft',
        jsonb_build_object('play_id', src.play_id, 'state', src.state));
    end if;
    if row(new.scope, new.segment, new.account_id, new.name, new.hypothesis, new.target_definition,
           new.suggested_cadence, new.success_criteria, new.originating_proposal_id, new.writer_agent_id)
       is distinct from
       row(src.scope, src.segment, src.account_id, src.name, src.hypothesis, src.target_definition,
           src.suggested_cadence, src.success_criteria, src.originating_proposal_id, src.writer_agent_id) then
      perform baton_plays_raise('BP007', 'a copy is exact; change it in under_review',
        jsonb_build_object('operation', 'copy', 'play_id', src.play_id));
    end if;
  end if;
  new.created_at := baton_plays_now();
  new.updated_at := new.created_at;
  return new;
end $$;

create trigger plays_before_insert before insert on plays
  for each row execute function baton_plays_before_insert();

-- UPDATE: the state machine, who moves which state, the review edit log and joint approval.
create function baton_plays_before_update() returns trigger language plpgsql as $$
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
    if a.kind <> 'person' then
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
    if old.state = 'draft' then
      perform baton_plays_raise('BP006', 'a draft is read-only; pick it up to edit it',
        jsonb_build_object('play_id', old.play_id, 'state', old.state));
    end if;
    if row(new.name, new.hypothesis, new.target_definition, new.suggested_cadence)
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
    perform baton_plays_check_cap(new);
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

create trigger plays_before_update before update on plays
  for each row execute function baton_plays_before_update();

-- Plays are never deleted; cold rows move to plays_archive through baton_archive_cold_plays only.
create function baton_plays_before_delete() returns trigger language plpgsql as $$
begin
  -- baton_archive_cold_plays (0011) sets baton.archiving and picks the cold rows
  if current_setting('baton.archiving', true) = 'on' and old.state = 'retired' then
    return old;
  end if;
  perform baton_plays_raise('BP013', 'plays are never deleted; cold plays are archived',
    jsonb_build_object('play_id', old.play_id, 'state', old.state));
  return null;
end $$;

create trigger plays_before_delete before delete on plays
  for each row execute function baton_plays_before_delete();

-- Who may change the cap configuration: RevOps (spec 000: "Configurable by RevOps via SalesPlayLibraryConfig").
create function baton_play_config_guard() returns trigger language plpgsql as $$
declare
  a record;
begin
  if tg_table_name = 'segments' then
    -- only the play fields of a segment are guarded (nested: the row type differs per table)
    if row(new.play_cap, new.auto_sunset) is not distinct from row(old.play_cap, old.auto_sunset) then
      return new;
    end if;
  end if;
  select * into a from baton_plays_actor(new.client_id);
  if a.principal_id is null or not ('revops' = any (a.roles)) or a.kind <> 'person' then
    perform baton_plays_raise('BP002', 'only RevOps changes play caps and auto-sunset',
      jsonb_build_object('action', 'change the play library configuration',
                         'actor', coalesce(a.display_name, 'no principal'), 'required', 'the revops role'));
  end if;
  return new;
end $$;

create trigger segments_play_config_guard before update on segments
  for each row execute function baton_play_config_guard();
create trigger play_library_config_guard before update on play_library_config
  for each row execute function baton_play_config_guard();

-- The documents have the shapes AGT-302 executes (full JSON Schema validation is in the API,
-- src/plays/play-documents.ts); the database keeps the outline so no writer stores a non-document.
alter table plays
  add constraint plays_target_definition_shape
    check (jsonb_typeof(target_definition) = 'object' and target_definition <> '{}'::jsonb),
  add constraint plays_suggested_cadence_shape
    check (jsonb_typeof(suggested_cadence) = 'object'
           and jsonb_typeof(suggested_cadence -> 'steps') = 'array'
           and jsonb_array_length(suggested_cadence -> 'steps') between 1 and 20
           and suggested_cadence ->> 'cadence_type' in ('sales', 'nurture', 'marketing', 'abm')),
  add constraint plays_success_criteria_shape
    check (jsonb_typeof(success_criteria) = 'object' and success_criteria <> '{}'::jsonb),
  add constraint plays_active_period_order
    check (active_period_end is null or active_period_start is null or active_period_end >= active_period_start),
  add constraint plays_name_not_blank check (length(btrim(name)) > 0),
  add constraint plays_retired_requires_reason
    check (state <> 'retired' or (retire_reason is not null and retired_at is not null));

-- Workspace filters and calibration reads
create index plays_client_state_idx on plays (client_id, state, created_at desc);
create index plays_copied_from_idx on plays (copied_from_play_id) where copied_from_play_id is not null;
