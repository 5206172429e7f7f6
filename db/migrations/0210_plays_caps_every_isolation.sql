-- Issue 36 item 2: spec 000's caps hold whatever isolation level the writer chose, and the database
-- refuses four writes that only the API refused.
--
-- Caps. baton_plays_check_cap (0010) locked the segment (or account) row FOR NO KEY UPDATE and then
-- counted the active plays. Under READ COMMITTED the count runs on a snapshot taken after the lock,
-- so it sees every activation committed before; under REPEATABLE READ the snapshot is the
-- transaction's first, and a lock that was only taken, never written, raises nothing: 8 plays went
-- active under a cap of 3, 6 on one account. Now every activation first writes one row per segment
-- (or account), play_cap_locks. A write conflicts with every other write of that row: under READ
-- COMMITTED the second waits and then counts on a fresh snapshot; under REPEATABLE READ and
-- SERIALIZABLE a transaction whose snapshot predates another's committed activation fails on that
-- row with 40001 (serialization_failure; the API maps it to RETRY_LATER), so it can never count on a
-- snapshot that misses one. An advisory lock would serialize the writers too, but not refresh a
-- REPEATABLE READ snapshot. Only activation adds to a count (the other ways in are refused below or in
-- 0010), so only activation writes the row: one upsert per activation, none on the hot path.
create table play_cap_locks (
  client_id    text not null references clients (client_id),
  -- 'segment:<segment>' or 'account:<account_id>'
  cap_key      text not null,
  activations  bigint not null default 0,
  primary key (client_id, cap_key)
);

-- As 0010, with the lock row written first. The clock is baton_plays_now(), as in 0010: its rule is
-- that function's own (issue 36 item 1 changes it there, not here).
create or replace function baton_plays_check_cap(n plays) returns void language plpgsql as $$
declare
  v_now timestamptz := baton_plays_now();
  v_cap int;
  v_seg_cap int;
  v_active jsonb;
begin
  insert into play_cap_locks as l (client_id, cap_key, activations)
    values (n.client_id,
            case when n.scope = 'segment' then 'segment:' || n.segment else 'account:' || n.account_id end, 1)
    on conflict (client_id, cap_key) do update set activations = l.activations + 1;
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

-- The first error in a suggested_cadence's steps, as {path, message}, or null. 0010's CHECK counts
-- 1..20 elements but not what they are: [{}] or ["x"] was accepted, went live, and became a campaign
-- of steps no one wrote. The same outline as the API's schema (src/plays/play-documents.ts), which
-- also names the allowed content types; the campaign plan maps an unknown one (play-cadence.ts).
create function baton_play_cadence_error(p_cadence jsonb) returns jsonb language plpgsql immutable as $$
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
    if coalesce(s ->> 'channel', '') not in ('email', 'linkedin') or jsonb_typeof(s -> 'channel') <> 'string' then
      return jsonb_build_object('path', v_path || '/channel', 'message', 'must be email or linkedin');
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

-- Three rules the API kept and the database did not. A trigger of its own (it fires after
-- plays_before_insert / plays_before_update, by name), so 0010's functions stay as they are.
--   - An account-specific play names no segment (0002's CHECK asked only for the account): its cap
--     is the account's, and a segment beside it would put it in neither count, or in the wrong one.
--   - A cadence is steps: checked when a play is written, when its cadence is edited, and when it
--     activates (a row written before this migration is checked on its way to going live).
--   - An expired play stays expired (spec 000 sunset): moving or clearing the sunset date of an
--     active play whose date has passed would revive it without an activation, past the cap it no
--     longer counted against. Before the date passes RevOps may still move it (0010).
create function baton_plays_shape_rules() returns trigger language plpgsql as $$
declare
  v_error jsonb;
begin
  if new.scope = 'account_specific' and new.segment is not null then
    perform baton_plays_raise('BP022', 'an account-specific play names an account and no segment',
      jsonb_build_object('play_id', new.play_id, 'scope', new.scope, 'segment', new.segment,
                         'account_id', new.account_id));
  end if;
  if tg_op = 'INSERT' or new.suggested_cadence is distinct from old.suggested_cadence
     or (old.state <> 'active' and new.state = 'active') then
    v_error := baton_play_cadence_error(new.suggested_cadence);
    if v_error is not null then
      perform baton_plays_raise('BP024', 'the play''s suggested_cadence has no valid steps',
        jsonb_build_object('play_id', new.play_id, 'errors', jsonb_build_array(v_error)));
    end if;
  end if;
  if tg_op = 'UPDATE' and old.state = 'active'
     and new.active_period_end is distinct from old.active_period_end
     and baton_play_expired(old.active_period_end, baton_plays_now())
     and not baton_play_expired(new.active_period_end, baton_plays_now()) then
    perform baton_plays_raise('BP021', 'an expired play is not revived',
      jsonb_build_object('play_id', old.play_id, 'active_period_end', old.active_period_end,
                         'requested', new.active_period_end));
  end if;
  return new;
end $$;

create trigger plays_shape_rules before insert or update on plays
  for each row execute function baton_plays_shape_rules();

-- The archive holds plays that were moved there, nothing else (a forged row inflated edit volume and
-- promotion figures). A row enters only as the exact copy of a retired play of plays, and by commit
-- that play has left plays: the archiving path (baton_archive_cold_plays, 0011/0150, copy then
-- delete) is the one way to make both true, because deleting a play is refused outside it (0010).
-- The rule reads the rows themselves, not a setting a session could set, so it holds for every role
-- and on PGlite, whatever issue 36 item 1 makes of the archiving switch.
create function baton_plays_archive_insert_guard() returns trigger language plpgsql as $$
declare
  live plays;
begin
  select * into live from plays p where p.client_id = new.client_id and p.play_id = new.play_id;
  if live.play_id is null or live.state <> 'retired'
     or to_jsonb(live) is distinct from to_jsonb(new) - 'archived_at' then
    perform baton_plays_raise('BP023', 'a play enters the archive only as the exact copy of a retired play',
      jsonb_build_object('play_id', new.play_id, 'live', live.play_id is not null, 'state', live.state));
  end if;
  return new;
end $$;

create trigger plays_archive_insert_guard before insert on plays_archive
  for each row execute function baton_plays_archive_insert_guard();

create function baton_plays_archive_moved() returns trigger language plpgsql as $$
begin
  if exists (select 1 from plays p where p.client_id = new.client_id and p.play_id = new.play_id) then
    perform baton_plays_raise('BP023', 'a play enters the archive only by leaving plays',
      jsonb_build_object('play_id', new.play_id, 'live', true, 'state', 'retired'));
  end if;
  return null;
end $$;

create constraint trigger plays_archive_moved after insert on plays_archive
  deferrable initially deferred
  for each row execute function baton_plays_archive_moved();
