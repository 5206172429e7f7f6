-- Issue 40: the cap configuration guard (0200) told its two tables apart by tg_table_name. On Citus
-- the trigger fires on a shard, named segments_102008 or play_library_config_102040, so neither
-- branch matched and a segment insert read new.default_segment_cap ("record new has no field"):
-- activating a play failed on the cluster. The guard now tells them apart by the row's shape (only
-- play_library_config has default_segment_cap); the body is 0200's otherwise.
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

create or replace function baton_play_config_guard() returns trigger language plpgsql as $$
declare
  a record;
  v_client text;
  -- which table, from the row: a shard's tg_table_name carries the shard's number
  v_config boolean := (case when tg_op = 'DELETE' then to_jsonb(old) else to_jsonb(new) end) ? 'default_segment_cap';
begin
  if tg_op = 'DELETE' then
    v_client := old.client_id;
    if v_config then
      perform baton_plays_raise('BP002', 'the play library configuration is never deleted; change it',
        jsonb_build_object('action', 'delete the play library configuration',
                           'actor', 'anyone', 'required', 'an update by RevOps'));
    end if;
    if old.play_cap is null and not old.auto_sunset then
      return old;
    end if;
  elsif tg_op = 'INSERT' then
    v_client := new.client_id;
    if not v_config then
      if new.play_cap is null and not new.auto_sunset then
        return new;
      end if;
    elsif new.default_segment_cap = 5 and new.review_threshold = 30 then
      -- the defaults of 0002, as baton_init_client inserts them
      return new;
    end if;
  else
    v_client := new.client_id;
    if not v_config then
      -- only the play fields of a segment are guarded (nested: the row type differs per table)
      if row(new.play_cap, new.auto_sunset) is not distinct from row(old.play_cap, old.auto_sunset) then
        return new;
      end if;
    end if;
  end if;
  select * into a from baton_plays_actor(v_client);
  if a.principal_id is null or not ('revops' = any (a.roles)) or a.kind <> 'person' then
    perform baton_plays_raise('BP002', 'only RevOps changes play caps and auto-sunset',
      jsonb_build_object('action', 'change the play library configuration',
                         'actor', coalesce(a.display_name, 'no principal'), 'required', 'the revops role'));
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;
