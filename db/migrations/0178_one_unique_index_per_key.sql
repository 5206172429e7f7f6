-- Issue 14: one unique index per key, not two.
--
-- 0150 appended client_id to every primary key, so (id) became (id, client_id), and kept each
-- table's (client_id, id) unique constraint, which the composite foreign keys referenced. Sixteen
-- tables were left with two unique indexes on the same pair of columns, in opposite orders
-- (docs/scaling.md said so, and that folding them meant recreating the foreign keys). Every insert
-- into such a table, and every update that cannot stay HOT, wrote and checked both. An engine step
-- pays it on the rows it writes most often: campaign_contacts (its claims, the advance and the exit
-- mostly change an indexed column), sales_send_queue (every status change), staged_drafts, contacts
-- and the notification outbox. A unique index costs more than a plain one there: on a non-HOT update
-- the new entry's check finds the row's older version and visits the heap to settle it.
--
-- The primary key stays: it leads with the id, so lookups by id alone (the rollup's look-up of a send
-- item, the write of an enrollment by id) keep their index. A foreign key of (client_id, id) is
-- served by it just as well: PostgreSQL matches a foreign key to a unique index by its set of
-- columns, in any order, and its checks are equality on both columns.
--
-- Each foreign key that depended on a dropped constraint is dropped first and added again with its
-- own name and definition (actions and deferrability included, from pg_get_constraintdef), now
-- resting on the primary key. Adding one validates it: one anti-join of the referencing table, so
-- this migration's time grows with the event log (a few seconds a million rows on the bench's server).
-- test/foundation/tenant-keys.test.ts fails on any table that has two unique indexes on one set of
-- columns again.
create temporary table m0178_dup (tbl regclass not null, conname name not null) on commit drop;
insert into m0178_dup (tbl, conname) values
  ('principals', 'principals_client_id_principal_id_key'),
  ('accounts', 'accounts_client_id_account_id_key'),
  ('contacts', 'contacts_client_id_contact_id_key'),
  ('brain_proposals', 'brain_proposals_client_id_proposal_id_key'),
  ('plays', 'plays_client_id_play_id_key'),
  ('campaigns', 'campaigns_client_id_id_key'),
  ('campaign_contacts', 'campaign_contacts_client_id_id_key'),
  ('staged_drafts', 'staged_drafts_client_id_id_key'),
  ('sales_send_queue', 'sales_send_queue_client_id_id_key'),
  ('notification_webhooks', 'notification_webhooks_client_id_webhook_id_key'),
  ('notification_outbox', 'notification_outbox_client_id_notification_id_key'),
  ('coordinator_flags', 'coordinator_flags_client_id_flag_id_key'),
  ('campaign_handoffs', 'campaign_handoffs_client_id_id_key'),
  ('campaign_replies', 'campaign_replies_client_id_id_key'),
  ('engine_drafting_tasks', 'engine_drafting_tasks_client_id_id_key'),
  ('engine_rep_tasks', 'engine_rep_tasks_client_id_id_key');

-- the foreign keys resting on those constraints' indexes, in a stable order
create temporary table m0178_fk on commit drop as
select f.conrelid::regclass as tbl, f.conname, pg_get_constraintdef(f.oid) as def
  from pg_constraint f
  join pg_constraint u on u.conindid = f.conindid and u.contype = 'u'
  join m0178_dup d on d.tbl = u.conrelid and d.conname = u.conname
 where f.contype = 'f'
 order by f.conrelid::regclass::text, f.conname;

do $$
declare
  r record;
begin
  for r in select * from m0178_fk loop
    execute format('alter table %s drop constraint %I', r.tbl, r.conname);
  end loop;
  for r in select * from m0178_dup loop
    -- each table must still have its primary key on the same two columns, or the drop would lose a key
    if not exists (
      select 1
        from pg_constraint p, pg_constraint u
       where p.conrelid = r.tbl and p.contype = 'p' and u.conrelid = r.tbl and u.conname = r.conname
         and (select array_agg(a order by a) from unnest(p.conkey) a)
             = (select array_agg(a order by a) from unnest(u.conkey) a)) then
      raise exception 'migration 0178: % has no primary key on the columns of %', r.tbl, r.conname;
    end if;
    execute format('alter table %s drop constraint %I', r.tbl, r.conname);
  end loop;
  for r in select * from m0178_fk loop
    execute format('alter table %s add constraint %I %s', r.tbl, r.conname, r.def);
  end loop;
end $$;

-- channel_deliveries: the ledger's second update of a delivery (its outcome) changes no indexed
-- column, but with the default fillfactor its page has no room for the new version, so almost none
-- stayed HOT (17 of 34,000 in the bench). Room on each page, as 0062 and 0155 gave the queue tables
-- and contacts; it applies to pages written from now on.
alter table channel_deliveries set (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02,
                                    autovacuum_analyze_scale_factor = 0.02);
