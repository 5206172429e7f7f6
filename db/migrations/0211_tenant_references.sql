-- Issue 36 item 3: a column that points at another tenant table points at a row of the same tenant.
-- 17 reference columns had no foreign key at all, so a row could name another tenant's enrollment,
-- campaign, account or principal (cadence_event_log.enrollment_id, campaign_id, account_id,
-- actor_principal_id, …). Each is now covered, and test/foundation/tenant-references.test.ts lists
-- every reference column of the catalog and fails on one that is not:
--   - a composite foreign key (client_id, x) → parent (client_id, id) where the parent has that key
--     (0150 gave every table one) and the write is not on the step's hot path;
--   - a trigger where a foreign key does not fit: the event log (below), crm_links (one column that
--     names a contact or an enrollment, by its kind), campaign_handoffs (arrays of ids), and two
--     columns whose foreign key would close a cycle (contacts.active_sequence_id ↔
--     campaign_contacts.contact_id, staged_drafts.send_item_id ↔ sales_send_queue.staged_draft_id):
--     a cycle has no order in which to create the tables or to distribute them (docs/scaling.md);
--     and play_execution_requests.event_id, because no foreign key may point at the event log: a
--     referenced table cannot be truncated, and PostgreSQL says so (0A000) before the log's own
--     refusal (BC900, 0111) is heard.
-- The foreign keys are added NOT VALID: every row written from now on is checked; rows already
-- written are not re-read (a large event log or queue would be scanned under lock, and a dangling id
-- written before, which no rule refused then, would stop the migration). The catalog test does not
-- care whether a key is validated; `alter table … validate constraint …` checks the old rows when
-- an operator wants them checked.

-- Names as the foreign keys PostgreSQL names itself (<table>_<columns>_fkey), mapped to
-- INVALID_REFERENCE like every other foreign key.
alter table coordinator_flags
  add constraint coordinator_flags_client_id_enrollment_id_fkey foreign key (client_id, enrollment_id)
    references campaign_contacts (client_id, id) not valid;
alter table crm_contacts
  add constraint crm_contacts_client_id_contact_id_fkey foreign key (client_id, contact_id)
    references contacts (client_id, contact_id) not valid;
alter table crm_outbox
  add constraint crm_outbox_client_id_contact_id_fkey foreign key (client_id, contact_id)
    references contacts (client_id, contact_id) not valid;
alter table engine_drafting_tasks
  add constraint engine_drafting_tasks_client_id_enrollment_id_fkey foreign key (client_id, enrollment_id)
    references campaign_contacts (client_id, id) not valid,
  add constraint engine_drafting_tasks_client_id_staged_draft_id_fkey foreign key (client_id, staged_draft_id)
    references staged_drafts (client_id, id) not valid;
alter table engine_rep_tasks
  add constraint engine_rep_tasks_client_id_enrollment_id_fkey foreign key (client_id, enrollment_id)
    references campaign_contacts (client_id, id) not valid,
  add constraint engine_rep_tasks_client_id_assignee_principal_id_fkey foreign key (client_id, assignee_principal_id)
    references principals (client_id, principal_id) not valid,
  add constraint engine_rep_tasks_client_id_done_by_principal_id_fkey foreign key (client_id, done_by_principal_id)
    references principals (client_id, principal_id) not valid;
alter table inbox_messages
  add constraint inbox_messages_client_id_contact_id_fkey foreign key (client_id, contact_id)
    references contacts (client_id, contact_id) not valid;
alter table play_execution_requests
  add constraint play_execution_requests_client_id_enrollment_id_fkey foreign key (client_id, enrollment_id)
    references campaign_contacts (client_id, id) not valid;
alter table play_library_config
  add constraint play_library_config_client_id_updated_by_user_id_fkey foreign key (client_id, updated_by_user_id)
    references principals (client_id, principal_id) not valid;
-- a play referenced by a send item stays in plays when cold (baton_archive_cold_plays keeps what is
-- referenced, as it does for campaigns and the event log)
alter table sales_send_queue
  add constraint sales_send_queue_client_id_play_id_fkey foreign key (client_id, play_id)
    references plays (client_id, play_id) not valid,
  add constraint sales_send_queue_client_id_originating_proposal_id_fkey
    foreign key (client_id, originating_proposal_id) references brain_proposals (client_id, proposal_id) not valid;

-- The event log: one trigger per INSERT statement, not foreign keys. Every step, decision and touch
-- writes it, in batches of up to a few hundred rows; five more foreign keys would be five index probes
-- per row plus a KEY SHARE lock on each parent row (the campaign's row, shared by every event of the
-- campaign, would become a multixact under concurrent workers), and such a lock on an enrollment or a
-- send item makes another worker's FOR UPDATE SKIP LOCKED claim skip it. The statement trigger reads
-- the inserted rows once (a transition table) and looks each id up by its tenant's key: the same
-- index probes as a foreign key, no row locks, one query per statement. It checks that the tenant
-- matches, which a concurrent writer cannot change (a row's client_id is never updated); it does not
-- keep the parent from being deleted later, which the log does not need (enrollments, campaigns,
-- accounts, principals and send items are not deleted, and the log keeps its facts if one were).
-- docs/scaling.md: on Citus this is a co-located lookup of one tenant, like learning_rollup_events.
create function baton_event_log_tenant_refs() returns trigger language plpgsql as $$
declare
  bad record;
begin
  select n.event_id, n.client_id,
         case when n.enrollment_id is not null and not exists (
                     select 1 from campaign_contacts x where x.client_id = n.client_id and x.id = n.enrollment_id)
                then 'enrollment_id'
              when n.campaign_id is not null and not exists (
                     select 1 from campaigns x where x.client_id = n.client_id and x.id = n.campaign_id)
                then 'campaign_id'
              when n.account_id is not null and not exists (
                     select 1 from accounts x where x.client_id = n.client_id and x.account_id = n.account_id)
                then 'account_id'
              when n.actor_principal_id is not null and not exists (
                     select 1 from principals x where x.client_id = n.client_id
                                                  and x.principal_id = n.actor_principal_id)
                then 'actor_principal_id'
              when n.send_item_id is not null and not exists (
                     select 1 from sales_send_queue x where x.client_id = n.client_id and x.id = n.send_item_id)
                then 'send_item_id'
         end as col
    into bad
    from new_rows n
   where (n.enrollment_id is not null and not exists (
            select 1 from campaign_contacts x where x.client_id = n.client_id and x.id = n.enrollment_id))
      or (n.campaign_id is not null and not exists (
            select 1 from campaigns x where x.client_id = n.client_id and x.id = n.campaign_id))
      or (n.account_id is not null and not exists (
            select 1 from accounts x where x.client_id = n.client_id and x.account_id = n.account_id))
      or (n.actor_principal_id is not null and not exists (
            select 1 from principals x where x.client_id = n.client_id and x.principal_id = n.actor_principal_id))
      or (n.send_item_id is not null and not exists (
            select 1 from sales_send_queue x where x.client_id = n.client_id and x.id = n.send_item_id))
   limit 1;
  if bad.col is not null then
    raise exception using errcode = '23503', constraint = 'cadence_event_log_' || bad.col || '_tenant',
      message = format('cadence_event_log.%s names no row of tenant %s', bad.col, bad.client_id),
      detail = json_build_object('table', 'cadence_event_log', 'column', bad.col)::text;
  end if;
  return null;
end $$;

create trigger cadence_event_log_tenant_refs after insert on cadence_event_log
  referencing new table as new_rows
  for each statement execute function baton_event_log_tenant_refs();

-- crm_links.baton_id names a contact (kind 'contact') or an enrollment (kind 'deal': the deal a
-- sales enrollment opens, src/crm/drain-crm-outbox.ts). Written once per contact or deal by the
-- CRM drain: a row trigger.
create function baton_crm_links_tenant_refs() returns trigger language plpgsql as $$
begin
  if (new.kind = 'contact' and not exists (
        select 1 from contacts x where x.client_id = new.client_id and x.contact_id = new.baton_id))
     or (new.kind = 'deal' and not exists (
        select 1 from campaign_contacts x where x.client_id = new.client_id and x.id = new.baton_id)) then
    raise exception using errcode = '23503', constraint = 'crm_links_baton_id_tenant',
      message = format('crm_links.baton_id names no %s of tenant %s', new.kind, new.client_id),
      detail = json_build_object('table', 'crm_links', 'column', 'baton_id')::text;
  end if;
  return new;
end $$;

create trigger crm_links_tenant_refs before insert or update of client_id, kind, baton_id on crm_links
  for each row execute function baton_crm_links_tenant_refs();

-- campaign_handoffs.routed_campaign_ids / routed_enrollment_ids: the campaigns and enrollments a
-- hand-off was routed into, as JSON arrays of ids (written once, when the exec routes it).
create function baton_handoff_tenant_refs() returns trigger language plpgsql as $$
declare
  v_col text;
begin
  if exists (select 1 from jsonb_array_elements_text(coalesce(new.routed_campaign_ids, '[]'::jsonb)) r(id)
              where not exists (select 1 from campaigns x where x.client_id = new.client_id and x.id = r.id::uuid)) then
    v_col := 'routed_campaign_ids';
  elsif exists (select 1 from jsonb_array_elements_text(coalesce(new.routed_enrollment_ids, '[]'::jsonb)) r(id)
                 where not exists (select 1 from campaign_contacts x
                                    where x.client_id = new.client_id and x.id = r.id::uuid)) then
    v_col := 'routed_enrollment_ids';
  end if;
  if v_col is not null then
    raise exception using errcode = '23503', constraint = 'campaign_handoffs_' || v_col || '_tenant',
      message = format('campaign_handoffs.%s names a row that is not of tenant %s', v_col, new.client_id),
      detail = json_build_object('table', 'campaign_handoffs', 'column', v_col)::text;
  end if;
  return new;
end $$;

create trigger campaign_handoffs_tenant_refs
  before insert or update of client_id, routed_campaign_ids, routed_enrollment_ids on campaign_handoffs
  for each row execute function baton_handoff_tenant_refs();

-- contacts.active_sequence_id: the enrollment the contact is in. Set on every allowed step, mostly to
-- the value it had: the trigger fires only when it changes (WHEN), so the step's contact update pays
-- nothing more.
create function baton_contacts_active_sequence_tenant() returns trigger language plpgsql as $$
begin
  if not exists (select 1 from campaign_contacts x where x.client_id = new.client_id and x.id = new.active_sequence_id) then
    raise exception using errcode = '23503', constraint = 'contacts_active_sequence_id_tenant',
      message = format('contacts.active_sequence_id names no enrollment of tenant %s', new.client_id),
      detail = json_build_object('table', 'contacts', 'column', 'active_sequence_id')::text;
  end if;
  return new;
end $$;

create trigger contacts_active_sequence_tenant_ins before insert on contacts
  for each row when (new.active_sequence_id is not null)
  execute function baton_contacts_active_sequence_tenant();
create trigger contacts_active_sequence_tenant_upd before update of active_sequence_id, client_id on contacts
  for each row when (new.active_sequence_id is not null
                     and (new.active_sequence_id is distinct from old.active_sequence_id
                          or new.client_id is distinct from old.client_id))
  execute function baton_contacts_active_sequence_tenant();

-- staged_drafts.send_item_id: a draft is written before its send item (stage-draft.ts: the drafts,
-- then the items ON CONFLICT DO NOTHING, then the drafts left without an item are deleted), so it is
-- checked at commit, and only while the draft is still there.
create function baton_staged_drafts_item_tenant() returns trigger language plpgsql as $$
begin
  if exists (select 1 from staged_drafts d where d.client_id = new.client_id and d.id = new.id
                                             and d.send_item_id = new.send_item_id)
     and not exists (select 1 from sales_send_queue x where x.client_id = new.client_id and x.id = new.send_item_id) then
    raise exception using errcode = '23503', constraint = 'staged_drafts_send_item_id_tenant',
      message = format('staged_drafts.send_item_id names no send item of tenant %s', new.client_id),
      detail = json_build_object('table', 'staged_drafts', 'column', 'send_item_id')::text;
  end if;
  return null;
end $$;

create constraint trigger staged_drafts_item_tenant after insert or update of send_item_id, client_id
  on staged_drafts deferrable initially deferred
  for each row execute function baton_staged_drafts_item_tenant();

-- play_execution_requests.event_id: the decision's event row (see the header: no key points at the log)
create function baton_play_execution_event_tenant() returns trigger language plpgsql as $$
begin
  if not exists (select 1 from cadence_event_log x where x.client_id = new.client_id and x.event_id = new.event_id) then
    raise exception using errcode = '23503', constraint = 'play_execution_requests_event_id_tenant',
      message = format('play_execution_requests.event_id names no event of tenant %s', new.client_id),
      detail = json_build_object('table', 'play_execution_requests', 'column', 'event_id')::text;
  end if;
  return new;
end $$;

create trigger play_execution_requests_event_tenant
  before insert or update of event_id, client_id on play_execution_requests
  for each row when (new.event_id is not null)
  execute function baton_play_execution_event_tenant();
