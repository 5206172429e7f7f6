-- Personal columns kept out of the planner's statistics (issue 58, Deliver 3). ANALYZE copies sample
-- values (most common values, histogram bounds) into pg_statistic, where an erasure's redaction and
-- VACUUM FULL never reach: the review found an erased email there 16 times. The list is
-- src/prospects/personal-columns.ts (test/prospects/erasure-statistics.test.ts keeps the two equal).
-- With statistics target 0 ANALYZE gathers nothing for a column, but it leaves the rows gathered
-- before (PostgreSQL 15 and 18 alike): baton_clear_kept_out_statistics removes those.
alter table address_bounce_counts
  alter column address set statistics 0;
alter table audit_log
  alter column actor_label set statistics 0,
  alter column details set statistics 0,
  alter column ip set statistics 0,
  alter column target set statistics 0,
  alter column user_agent set statistics 0;
alter table brain_proposals
  alter column payload set statistics 0;
alter table cadence_event_log
  alter column details set statistics 0;
alter table campaign_contacts
  alter column notes set statistics 0;
alter table campaign_handoffs
  alter column notes set statistics 0;
alter table campaign_mailboxes
  alter column mailbox set statistics 0;
alter table campaign_replies
  alter column body set statistics 0,
  alter column decision_details set statistics 0,
  alter column message_id set statistics 0,
  alter column referral set statistics 0;
alter table channel_deliveries
  alter column error set statistics 0,
  alter column mailbox set statistics 0,
  alter column message_id set statistics 0,
  alter column subject set statistics 0,
  alter column to_address set statistics 0;
alter table contacts
  alter column email set statistics 0,
  alter column email_domain set statistics 0,
  alter column email_key set statistics 0,
  alter column external_id set statistics 0,
  alter column full_name set statistics 0,
  alter column last_marketing_signal set statistics 0,
  alter column last_sales_signal set statistics 0,
  alter column legal_basis_source set statistics 0,
  alter column linkedin_url set statistics 0,
  alter column title set statistics 0;
alter table coordinator_flags
  alter column details set statistics 0;
alter table crm_activities
  alter column note set statistics 0;
alter table crm_contacts
  alter column company set statistics 0,
  alter column email set statistics 0,
  alter column full_name set statistics 0;
alter table crm_deals
  alter column name set statistics 0;
alter table crm_links
  alter column external_id set statistics 0;
alter table crm_outbox
  alter column last_error set statistics 0,
  alter column payload set statistics 0;
alter table dev_email_outbox
  alter column body set statistics 0,
  alter column headers set statistics 0,
  alter column mailbox set statistics 0,
  alter column message_id set statistics 0,
  alter column subject set statistics 0,
  alter column to_address set statistics 0;
alter table engine_drafting_tasks
  alter column input set statistics 0;
alter table engine_rep_tasks
  alter column body set statistics 0,
  alter column subject set statistics 0,
  alter column to_id set statistics 0;
alter table idempotency_keys
  alter column response_body set statistics 0;
alter table inbound_reviews
  alter column body set statistics 0,
  alter column classification set statistics 0,
  alter column excerpt set statistics 0,
  alter column from_address set statistics 0,
  alter column message_id set statistics 0,
  alter column subject set statistics 0,
  alter column trust set statistics 0,
  alter column why_untrusted set statistics 0;
alter table inbox_messages
  alter column address set statistics 0,
  alter column message_id set statistics 0,
  alter column outcome set statistics 0;
alter table mail_webhook_events
  alter column details set statistics 0,
  alter column diagnostic set statistics 0,
  alter column original_message_id set statistics 0,
  alter column reason set statistics 0,
  alter column recipient set statistics 0;
alter table mailbox_deliverability
  alter column mailbox set statistics 0;
alter table mailbox_inboxes
  alter column mailbox set statistics 0,
  alter column username set statistics 0;
alter table mailbox_limits
  alter column mailbox set statistics 0;
alter table mailbox_send_counts
  alter column mailbox set statistics 0;
alter table meetings
  alter column cancel_reason set statistics 0,
  alter column invitee_email set statistics 0,
  alter column invitee_name set statistics 0,
  alter column title set statistics 0;
alter table notification_outbox
  alter column payload set statistics 0,
  alter column recipient set statistics 0;
alter table principals
  alter column booking_url set statistics 0,
  alter column display_name set statistics 0,
  alter column email set statistics 0;
alter table sales_send_queue
  alter column error set statistics 0;
alter table sessions
  alter column ip set statistics 0,
  alter column user_agent set statistics 0;
alter table staged_drafts
  alter column body set statistics 0,
  alter column context set statistics 0,
  alter column original_body set statistics 0,
  alter column reject_reason set statistics 0,
  alter column subject set statistics 0,
  alter column to_id set statistics 0;
alter table suppressions
  alter column value set statistics 0;
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
