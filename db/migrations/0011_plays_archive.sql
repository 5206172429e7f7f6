-- spec 000 retention: hot (active or retired in the last 90 days), warm (retired 90 days to 18 months),
-- cold (18 months to 7 years; audit access). `baton archive` moves cold plays here; plays_audit reads both.
-- A later migration that adds a column to plays must rebuild plays_archive's column order (the archive
-- function copies p.* followed by archived_at) and recreate plays_audit.
create table plays_archive (
  like plays including defaults,
  archived_at timestamptz not null default now(),
  primary key (play_id)
);
create index plays_archive_client_idx on plays_archive (client_id, retired_at);
create index plays_archive_proposal_idx on plays_archive (originating_proposal_id);

-- The audit read: every play, live or archived.
create view plays_audit as
  select p.*, null::timestamptz as archived_at from plays p
  union all
  select a.* from plays_archive a;

-- The archive is append-only: an archived play is evidence.
create function baton_plays_archive_guard() returns trigger language plpgsql as $$
begin
  perform baton_plays_raise('BP013', 'archived plays are never changed or deleted',
    jsonb_build_object('play_id', old.play_id, 'state', old.state));
  return null;
end $$;
create trigger plays_archive_guard before update or delete on plays_archive
  for each row execute function baton_plays_archive_guard();

-- Moves a tenant's cold plays (retired before p_cutoff) to the archive. A play that other rows still
-- reference (a campaign, the event log, a copy of it) stays where it is: lineage must keep resolving.
create function baton_archive_cold_plays(p_client text, p_cutoff timestamptz, p_now timestamptz)
returns table (archived int, kept_referenced int) language plpgsql as $$
declare
  r record;
  v_archived int := 0;
  v_kept int := 0;
begin
  perform set_config('baton.archiving', 'on', true);
  for r in select play_id from plays
           where client_id = p_client and state = 'retired' and retired_at < p_cutoff
           order by retired_at
  loop
    begin
      insert into plays_archive select p.*, p_now from plays p where p.play_id = r.play_id;
      delete from plays where play_id = r.play_id;
      v_archived := v_archived + 1;
    exception when foreign_key_violation then
      v_kept := v_kept + 1;
    end;
  end loop;
  perform set_config('baton.archiving', 'off', true);
  return query select v_archived, v_kept;
end $$;
