-- Personal columns kept out of the planner's statistics (issue 58, Deliver 3). ANALYZE copies sample
-- values (most common values, histogram bounds) into pg_statistic, where an erasure's redaction and
-- VACUUM FULL never reach: the review found an erased email there 16 times. The list is
-- src/prospects/personal-columns.ts (test/prospects/erasure-statistics.test.ts keeps the two equal).
-- With statistics target 0 ANALYZE gathers nothing for a column, but it leaves the rows gathered
-- before (PostgreSQL 15 and 18 alike): baton_clear_kept_out_statistics removes those.

-- A column kept out of statistics. Citus refuses ALTER TABLE … ALTER COLUMN … SET STATISTICS on a
-- distributed table ("alter table command is currently unsupported", commands/table.c; it takes
-- ALTER INDEX's), so there the coordinator's table is altered without propagation and each shard
-- placement by run_command_on_placements; a table distributed later takes the target with it
-- (citus_ruleutils.c writes it into the shards' DDL). A later migration adding a personal column
-- calls this too (and src/prospects/personal-columns.ts names it).
create or replace function baton_keep_out_of_statistics(tbl text, col text) returns void
language plpgsql as $$
declare
  ddl text := format('alter table %I alter column %I set statistics 0', tbl, col);
begin
  -- two statements: the second is planned (pg_dist_partition read) only where Citus is
  if to_regclass('pg_catalog.pg_dist_partition') is null then
    execute ddl;
    return;
  end if;
  if not exists (select 1 from pg_catalog.pg_dist_partition where logicalrelid = to_regclass(tbl)) then
    execute ddl;
    return;
  end if;
  execute 'set local citus.enable_ddl_propagation = off';
  execute ddl;
  execute 'set local citus.enable_ddl_propagation = on';
  if exists (select 1 from run_command_on_placements(to_regclass(tbl),
               format('alter table %%s alter column %I set statistics 0', col)) p
              where not p.success) then
    raise exception 'could not set statistics 0 on every placement of %.%', tbl, col;
  end if;
end $$;

select baton_keep_out_of_statistics('address_bounce_counts', 'address');
select baton_keep_out_of_statistics('audit_log', 'actor_label');
select baton_keep_out_of_statistics('audit_log', 'details');
select baton_keep_out_of_statistics('audit_log', 'ip');
select baton_keep_out_of_statistics('audit_log', 'target');
select baton_keep_out_of_statistics('audit_log', 'user_agent');
select baton_keep_out_of_statistics('brain_proposals', 'payload');
select baton_keep_out_of_statistics('cadence_event_log', 'details');
select baton_keep_out_of_statistics('campaign_contacts', 'notes');
select baton_keep_out_of_statistics('campaign_handoffs', 'notes');
select baton_keep_out_of_statistics('campaign_mailboxes', 'mailbox');
select baton_keep_out_of_statistics('campaign_replies', 'body');
select baton_keep_out_of_statistics('campaign_replies', 'decision_details');
select baton_keep_out_of_statistics('campaign_replies', 'message_id');
select baton_keep_out_of_statistics('campaign_replies', 'referral');
select baton_keep_out_of_statistics('channel_deliveries', 'error');
select baton_keep_out_of_statistics('channel_deliveries', 'mailbox');
select baton_keep_out_of_statistics('channel_deliveries', 'message_id');
select baton_keep_out_of_statistics('channel_deliveries', 'subject');
select baton_keep_out_of_statistics('channel_deliveries', 'to_address');
select baton_keep_out_of_statistics('contacts', 'email');
select baton_keep_out_of_statistics('contacts', 'email_domain');
select baton_keep_out_of_statistics('contacts', 'email_key');
select baton_keep_out_of_statistics('contacts', 'external_id');
select baton_keep_out_of_statistics('contacts', 'full_name');
select baton_keep_out_of_statistics('contacts', 'last_marketing_signal');
select baton_keep_out_of_statistics('contacts', 'last_sales_signal');
select baton_keep_out_of_statistics('contacts', 'legal_basis_source');
select baton_keep_out_of_statistics('contacts', 'linkedin_url');
select baton_keep_out_of_statistics('contacts', 'title');
select baton_keep_out_of_statistics('coordinator_flags', 'details');
select baton_keep_out_of_statistics('crm_activities', 'note');
select baton_keep_out_of_statistics('crm_contacts', 'company');
select baton_keep_out_of_statistics('crm_contacts', 'email');
select baton_keep_out_of_statistics('crm_contacts', 'full_name');
select baton_keep_out_of_statistics('crm_deals', 'name');
select baton_keep_out_of_statistics('crm_links', 'external_id');
select baton_keep_out_of_statistics('crm_outbox', 'last_error');
select baton_keep_out_of_statistics('crm_outbox', 'payload');
select baton_keep_out_of_statistics('dev_email_outbox', 'body');
select baton_keep_out_of_statistics('dev_email_outbox', 'headers');
select baton_keep_out_of_statistics('dev_email_outbox', 'mailbox');
select baton_keep_out_of_statistics('dev_email_outbox', 'message_id');
select baton_keep_out_of_statistics('dev_email_outbox', 'subject');
select baton_keep_out_of_statistics('dev_email_outbox', 'to_address');
select baton_keep_out_of_statistics('engine_drafting_tasks', 'input');
select baton_keep_out_of_statistics('engine_rep_tasks', 'body');
select baton_keep_out_of_statistics('engine_rep_tasks', 'subject');
select baton_keep_out_of_statistics('engine_rep_tasks', 'to_id');
select baton_keep_out_of_statistics('idempotency_keys', 'response_body');
select baton_keep_out_of_statistics('inbound_reviews', 'body');
select baton_keep_out_of_statistics('inbound_reviews', 'classification');
select baton_keep_out_of_statistics('inbound_reviews', 'excerpt');
select baton_keep_out_of_statistics('inbound_reviews', 'from_address');
select baton_keep_out_of_statistics('inbound_reviews', 'message_id');
select baton_keep_out_of_statistics('inbound_reviews', 'subject');
select baton_keep_out_of_statistics('inbound_reviews', 'trust');
select baton_keep_out_of_statistics('inbound_reviews', 'why_untrusted');
select baton_keep_out_of_statistics('inbox_messages', 'address');
select baton_keep_out_of_statistics('inbox_messages', 'message_id');
select baton_keep_out_of_statistics('inbox_messages', 'outcome');
select baton_keep_out_of_statistics('mail_webhook_events', 'details');
select baton_keep_out_of_statistics('mail_webhook_events', 'diagnostic');
select baton_keep_out_of_statistics('mail_webhook_events', 'original_message_id');
select baton_keep_out_of_statistics('mail_webhook_events', 'reason');
select baton_keep_out_of_statistics('mail_webhook_events', 'recipient');
select baton_keep_out_of_statistics('mailbox_deliverability', 'mailbox');
select baton_keep_out_of_statistics('mailbox_inboxes', 'mailbox');
select baton_keep_out_of_statistics('mailbox_inboxes', 'username');
select baton_keep_out_of_statistics('mailbox_limits', 'mailbox');
select baton_keep_out_of_statistics('mailbox_send_counts', 'mailbox');
select baton_keep_out_of_statistics('meetings', 'cancel_reason');
select baton_keep_out_of_statistics('meetings', 'invitee_email');
select baton_keep_out_of_statistics('meetings', 'invitee_name');
select baton_keep_out_of_statistics('meetings', 'title');
select baton_keep_out_of_statistics('notification_outbox', 'payload');
select baton_keep_out_of_statistics('notification_outbox', 'recipient');
select baton_keep_out_of_statistics('principals', 'booking_url');
select baton_keep_out_of_statistics('principals', 'display_name');
select baton_keep_out_of_statistics('principals', 'email');
select baton_keep_out_of_statistics('sales_send_queue', 'error');
select baton_keep_out_of_statistics('sessions', 'ip');
select baton_keep_out_of_statistics('sessions', 'user_agent');
select baton_keep_out_of_statistics('staged_drafts', 'body');
select baton_keep_out_of_statistics('staged_drafts', 'context');
select baton_keep_out_of_statistics('staged_drafts', 'original_body');
select baton_keep_out_of_statistics('staged_drafts', 'reject_reason');
select baton_keep_out_of_statistics('staged_drafts', 'subject');
select baton_keep_out_of_statistics('staged_drafts', 'to_id');
select baton_keep_out_of_statistics('suppressions', 'value');
alter index contacts_email_idx alter column 2 set statistics 0;
alter index contacts_email_search_idx alter column 2 set statistics 0;
alter index contacts_name_search_idx alter column 2 set statistics 0;
alter index principals_person_email_idx alter column 2 set statistics 0;

-- The statistics rows of every column whose target is 0 (the list above, the expression indexes'
-- columns), removed: by pg_clear_attribute_stats where PostgreSQL has it (18 and later, PGlite; the
-- table's owner may), by deleting them from pg_statistic as a superuser otherwise. Returns the
-- columns it could not clear (PostgreSQL 15-17 without a superuser: docs/prospect-data.md says what
-- to run). Not SECURITY DEFINER: it acts with the caller's rights; the erasure's compaction calls it
-- again (src/prospects/compact-after-erasure.ts).
create or replace function baton_clear_kept_out_statistics() returns text[]
language plpgsql as $$
declare
  r record;
  clear_fn boolean := to_regproc('pg_catalog.pg_clear_attribute_stats') is not null;
  superuser boolean := coalesce((select rolsuper from pg_catalog.pg_roles where rolname = current_user), false);
  kept text[] := '{}';
begin
  for r in
    select c.oid, c.relname, n.nspname, a.attnum, a.attname
      from pg_catalog.pg_attribute a
      join pg_catalog.pg_class c on c.oid = a.attrelid
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where n.nspname = current_schema() and a.attnum > 0 and not a.attisdropped
       and a.attstattarget = 0 and c.relkind in ('r', 'p', 'i', 'm')
     order by c.relname, a.attnum
  loop
    if clear_fn then
      execute 'select pg_catalog.pg_clear_attribute_stats($1, $2, $3, b) from (values (false), (true)) v(b)'
        using r.nspname::text, r.relname::text, r.attname::text;
    elsif superuser then
      delete from pg_catalog.pg_statistic where starelid = r.oid and staattnum = r.attnum;
    elsif exists (select 1 from pg_catalog.pg_stats s
                   where s.schemaname = r.nspname and s.tablename = r.relname and s.attname = r.attname) then
      kept := kept || format('%s.%s', r.relname, r.attname);
    end if;
  end loop;
  return kept;
end $$;

select baton_clear_kept_out_statistics();
