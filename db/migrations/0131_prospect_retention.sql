-- Retention (issue 15 item 5; spec 000 "Cold: 18 months to 7 years"): the plays archive stays
-- append-only, with ONE exception: a DELETE passes inside a transaction that set
-- baton.retention = 'on' (transaction-local), and only for a play retired more than 7 years before
-- the database's own clock. Nothing else in the archive can change. See docs/prospect-data.md.
create or replace function baton_plays_archive_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' and current_setting('baton.retention', true) = 'on'
     and old.retired_at is not null and old.retired_at < now() - interval '7 years' then
    return old;
  end if;
  perform baton_plays_raise('BP013', 'archived plays are never changed or deleted',
    jsonb_build_object('play_id', old.play_id, 'state', old.state));
  return null;
end $$;

-- finding exited enrollments past their retention period
create index campaign_contacts_exited_idx on campaign_contacts (client_id, exited_at) where exited_at is not null;
