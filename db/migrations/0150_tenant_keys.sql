-- Every key of a tenant table carries client_id (issue 14, item 8; docs/scaling.md).
--
-- Past one server, Baton's tables are distributed by client_id (Citus), co-located, so that
-- every rule trigger and every lock stays inside one tenant's shard. A distributed table's
-- primary key and unique constraints must include the distribution column. 36 did not.
--
-- The rule used throughout: client_id is APPENDED to the old key. The old key's columns stay
-- first, so every query that used the old index (a lookup by id alone, an ON CONFLICT, a range
-- scan by event_id) uses the new one the same way, and no index is added or dropped: the same
-- indexes as before, each one column wider. Names are kept, because errors are mapped by
-- constraint name (campaign_sequences_campaign_id_step_number_key, campaign_contacts_active_uniq).
--
-- Ids stay unique in practice: they come from gen_random_uuid() or an identity column, and every
-- table that had (id) also keeps its (client_id, id) unique, which the composite foreign keys
-- reference. What the database no longer enforces is that two tenants cannot hold the same id.
--
-- test/foundation/tenant-keys.test.ts reads the catalog and fails on any key or foreign key
-- that a future table forgets to give client_id.

-- 1. The two foreign keys that did not carry client_id: crm_deals and crm_activities pointed
--    at crm_contacts (crm_contact_id) alone. Dropped here, re-added (client_id, crm_contact_id)
--    once crm_contacts' key includes client_id (step 3).
alter table crm_deals drop constraint crm_deals_crm_contact_id_fkey;
alter table crm_activities drop constraint crm_activities_crm_contact_id_fkey;

-- 2. Primary keys: (id) becomes (id, client_id).
alter table accounts drop constraint accounts_pkey, add constraint accounts_pkey primary key (account_id, client_id);
alter table api_tokens drop constraint api_tokens_pkey, add constraint api_tokens_pkey primary key (token_id, client_id);
alter table brain_proposals drop constraint brain_proposals_pkey, add constraint brain_proposals_pkey primary key (proposal_id, client_id);
alter table cadence_event_log drop constraint cadence_event_log_pkey, add constraint cadence_event_log_pkey primary key (event_id, client_id);
alter table campaign_contacts drop constraint campaign_contacts_pkey, add constraint campaign_contacts_pkey primary key (id, client_id);
alter table campaign_handoffs drop constraint campaign_handoffs_pkey, add constraint campaign_handoffs_pkey primary key (id, client_id);
alter table campaign_replies drop constraint campaign_replies_pkey, add constraint campaign_replies_pkey primary key (id, client_id);
alter table campaign_sequences drop constraint campaign_sequences_pkey, add constraint campaign_sequences_pkey primary key (id, client_id);
alter table campaigns drop constraint campaigns_pkey, add constraint campaigns_pkey primary key (id, client_id);
alter table channel_deliveries drop constraint channel_deliveries_pkey, add constraint channel_deliveries_pkey primary key (idempotency_key, client_id);
alter table contacts drop constraint contacts_pkey, add constraint contacts_pkey primary key (contact_id, client_id);
alter table coordinator_flags drop constraint coordinator_flags_pkey, add constraint coordinator_flags_pkey primary key (flag_id, client_id);
alter table crm_activities drop constraint crm_activities_pkey, add constraint crm_activities_pkey primary key (activity_id, client_id);
alter table crm_contacts drop constraint crm_contacts_pkey, add constraint crm_contacts_pkey primary key (crm_contact_id, client_id);
alter table crm_deals drop constraint crm_deals_pkey, add constraint crm_deals_pkey primary key (deal_id, client_id);
alter table crm_outbox drop constraint crm_outbox_pkey, add constraint crm_outbox_pkey primary key (id, client_id);
alter table dev_email_outbox drop constraint dev_email_outbox_pkey, add constraint dev_email_outbox_pkey primary key (id, client_id);
alter table engine_drafting_tasks drop constraint engine_drafting_tasks_pkey, add constraint engine_drafting_tasks_pkey primary key (id, client_id);
alter table engine_rep_tasks drop constraint engine_rep_tasks_pkey, add constraint engine_rep_tasks_pkey primary key (id, client_id);
alter table notification_deliveries drop constraint notification_deliveries_pkey, add constraint notification_deliveries_pkey primary key (delivery_id, client_id);
alter table notification_outbox drop constraint notification_outbox_pkey, add constraint notification_outbox_pkey primary key (notification_id, client_id);
alter table notification_webhooks drop constraint notification_webhooks_pkey, add constraint notification_webhooks_pkey primary key (webhook_id, client_id);
alter table plays drop constraint plays_pkey, add constraint plays_pkey primary key (play_id, client_id);
alter table plays_archive drop constraint plays_archive_pkey, add constraint plays_archive_pkey primary key (play_id, client_id);
alter table principals drop constraint principals_pkey, add constraint principals_pkey primary key (principal_id, client_id);
alter table sales_send_queue drop constraint sales_send_queue_pkey, add constraint sales_send_queue_pkey primary key (id, client_id);
alter table staged_drafts drop constraint staged_drafts_pkey, add constraint staged_drafts_pkey primary key (id, client_id);

-- 3. The crm foreign keys, now with client_id (they reference crm_contacts_pkey; PostgreSQL
--    matches a foreign key to a unique index by its set of columns, in any order).
alter table crm_deals add constraint crm_deals_client_id_crm_contact_id_fkey
  foreign key (client_id, crm_contact_id) references crm_contacts (client_id, crm_contact_id);
alter table crm_activities add constraint crm_activities_client_id_crm_contact_id_fkey
  foreign key (client_id, crm_contact_id) references crm_contacts (client_id, crm_contact_id);

-- 4. Unique constraints: client_id appended. ON CONFLICT targets in src/ name the new column
--    sets (src/engine/execute-step.ts, src/engine/stage-draft.ts, src/channels/send-with-ledger.ts,
--    src/auth/tokens.ts, src/prospects/import-accounts.ts).
alter table api_tokens drop constraint api_tokens_token_hash_key,
  add constraint api_tokens_token_hash_key unique (token_hash, client_id);
alter table campaign_handoffs drop constraint campaign_handoffs_one_per_exit,
  add constraint campaign_handoffs_one_per_exit unique (from_enrollment_id, client_id);
alter table campaign_sequences drop constraint campaign_sequences_campaign_id_step_number_key,
  add constraint campaign_sequences_campaign_id_step_number_key unique (campaign_id, step_number, client_id);
alter table dev_email_outbox drop constraint dev_email_outbox_idempotency_key_key,
  add constraint dev_email_outbox_idempotency_key_key unique (idempotency_key, client_id);
alter table engine_drafting_tasks drop constraint engine_drafting_tasks_send_item_id_key,
  add constraint engine_drafting_tasks_send_item_id_key unique (send_item_id, client_id);
alter table engine_rep_tasks drop constraint engine_rep_tasks_send_item_id_key,
  add constraint engine_rep_tasks_send_item_id_key unique (send_item_id, client_id);
alter table notification_deliveries drop constraint notification_deliveries_notification_id_webhook_id_key,
  add constraint notification_deliveries_notification_id_webhook_id_key unique (notification_id, webhook_id, client_id);
alter table sales_send_queue drop constraint sales_send_queue_idempotency_key_key,
  add constraint sales_send_queue_idempotency_key_key unique (idempotency_key, client_id);

-- 5. The partial unique index: one live enrollment per contact per campaign (spec 002).
drop index campaign_contacts_active_uniq;
create unique index campaign_contacts_active_uniq on campaign_contacts (contact_id, campaign_id, client_id)
  where status in ('queued', 'active', 'paused');

-- 6. Rule code that read by id alone now reads inside the tenant, so on a distributed cluster it
--    stays on the tenant's shard (and, with ids no longer unique across tenants by constraint,
--    never touches another tenant's row). Same bodies as 0050 and 0011 otherwise.
create or replace function campaign_sequences_check_order() returns trigger language plpgsql as $$
declare
  cid uuid := coalesce(new.campaign_id, old.campaign_id);
  tenant text := coalesce(new.client_id, old.client_id);
  n int;
  mx int;
  bad_step int;
begin
  select count(*), coalesce(max(step_number), 0) into n, mx from campaign_sequences
   where client_id = tenant and campaign_id = cid;
  if n <> mx then
    raise exception using errcode = 'BE001', message = 'campaign steps must be numbered 1..n without a gap',
      detail = json_build_object('campaign_id', cid, 'steps', n, 'max_step', mx)::text;
  end if;
  select b.step_number into bad_step
    from campaign_sequences a join campaign_sequences b
      on b.client_id = a.client_id and b.campaign_id = a.campaign_id and b.step_number = a.step_number + 1
   where a.client_id = tenant and a.campaign_id = cid and b.delay_days < a.delay_days
   limit 1;
  if bad_step is not null then
    raise exception using errcode = 'BE002', message = 'campaign step delay_days must not decrease',
      detail = json_build_object('campaign_id', cid, 'step_number', bad_step)::text;
  end if;
  return null;
end $$;

create or replace function baton_archive_cold_plays(p_client text, p_cutoff timestamptz, p_now timestamptz)
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
      insert into plays_archive select p.*, p_now from plays p where p.client_id = p_client and p.play_id = r.play_id;
      delete from plays where client_id = p_client and play_id = r.play_id;
      v_archived := v_archived + 1;
    exception when foreign_key_violation then
      v_kept := v_kept + 1;
    end;
  end loop;
  perform set_config('baton.archiving', 'off', true);
  return query select v_archived, v_kept;
end $$;
