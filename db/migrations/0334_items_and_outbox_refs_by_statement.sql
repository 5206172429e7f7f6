-- Issue 39 (docs/performance.md 0y): the send items' and the CRM outbox's references are checked once
-- a statement, as the event log's are (0211, 0331), not by foreign keys row by row. Every item a step
-- stages ran three RI probes (its contact, enrollment and campaign, each a query and a KEY SHARE lock)
-- and every outbox row two (its tenant and its contact): measured on 2,000 of a quarter's rows
-- (EXPLAIN ANALYZE, inserted and rolled back), the items' six keys took 35 of an insert's 59 ms and
-- the outbox's two 12-14 of its 25-29 ms; a quarter of 10,000 contacts writes 52,000 items and
-- 107,000 outbox rows. The outbox's tenant key also KEY SHARE-locked the tenant's one clients row for
-- every row, from every worker at once.
--
-- Now an AFTER INSERT statement trigger gathers each tenant's distinct contacts, enrollments and
-- campaigns of the new items (the tenant's distinct contacts of the new outbox rows) and counts them
-- in their parents, refusing the statement with the key's SQLSTATE (23503 → INVALID_REFERENCE) and a
-- constraint name of the 0211 form (sales_send_queue_contact_id_tenant, …). An update that changes
-- one of those columns (nothing in Baton does) is checked row by row. The items' draft, play and
-- proposal keep their foreign keys: a draft is written just before its item in the same transaction
-- (its probe takes no new lock), and play and proposal are null on most items (no probe).
--
-- What the keys did on the parent side stays, by triggers on the parents: a contact, enrollment,
-- campaign or tenant these rows name cannot be deleted nor its key changed (23503), and TRUNCATE of
-- contacts, campaign_contacts or campaigns is refused while these rows name one (cascade or not). As
-- for the event log, no row lock is taken: the engine writes a contact's items and outbox rows while
-- it holds the contact's (and the enrollment's) row lock, and nothing in Baton deletes a contact, an
-- enrollment, a campaign or a tenant (erasure redacts, campaigns are archived).
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

alter table sales_send_queue
  drop constraint sales_send_queue_client_id_contact_id_fkey,
  drop constraint sales_send_queue_client_id_enrollment_id_fkey,
  drop constraint sales_send_queue_client_id_campaign_id_fkey;
alter table crm_outbox
  drop constraint crm_outbox_client_id_contact_id_fkey,
  drop constraint crm_outbox_client_id_fkey;

-- the refusal, as the dropped keys' (23503 → INVALID_REFERENCE), named in 0211's form
create function baton_refuse_tenant_ref(tbl text, col text, tenant text) returns void language plpgsql as $$
begin
  raise exception using errcode = '23503', constraint = tbl || '_' || col || '_tenant',
    message = format('%s.%s names no row of tenant %s', tbl, col, tenant),
    detail = json_build_object('table', tbl, 'column', col)::text;
end $$;

create function baton_send_queue_tenant_refs() returns trigger language plpgsql as $$
declare
  t record;
  col text;
begin
  for t in
    select n.client_id,
           array_agg(distinct n.contact_id) as contacts,
           array_agg(distinct n.enrollment_id) as enrollments,
           array_agg(distinct n.campaign_id) as campaigns
      from new_rows n
     group by n.client_id
  loop
    select case
             when (select count(*) from contacts x
                    where x.client_id = t.client_id and x.contact_id = any (t.contacts)) < cardinality(t.contacts)
               then 'contact_id'
             when (select count(*) from campaign_contacts x
                    where x.client_id = t.client_id and x.id = any (t.enrollments)) < cardinality(t.enrollments)
               then 'enrollment_id'
             when (select count(*) from campaigns x
                    where x.client_id = t.client_id and x.id = any (t.campaigns)) < cardinality(t.campaigns)
               then 'campaign_id'
           end
      into col;
    if col is not null then
      perform baton_refuse_tenant_ref('sales_send_queue', col, t.client_id);
    end if;
  end loop;
  return null;
end $$;

create trigger sales_send_queue_tenant_refs after insert on sales_send_queue
  referencing new table as new_rows
  for each statement execute function baton_send_queue_tenant_refs();

create function baton_crm_outbox_tenant_refs() returns trigger language plpgsql as $$
declare
  t record;
  col text;
begin
  for t in
    select n.client_id,
           array_agg(distinct n.contact_id) as contacts
      from new_rows n
     group by n.client_id
  loop
    select case
             when not exists (select 1 from clients x where x.client_id = t.client_id)
               then 'client_id'
             when (select count(*) from contacts x
                    where x.client_id = t.client_id and x.contact_id = any (t.contacts)) < cardinality(t.contacts)
               then 'contact_id'
           end
      into col;
    if col is not null then
      perform baton_refuse_tenant_ref('crm_outbox', col, t.client_id);
    end if;
  end loop;
  return null;
end $$;

create trigger crm_outbox_tenant_refs after insert on crm_outbox
  referencing new table as new_rows
  for each statement execute function baton_crm_outbox_tenant_refs();

-- an update that moves a row to another parent (nothing in Baton does): checked row by row
create function baton_row_tenant_ref() returns trigger language plpgsql as $$
declare
  col text := tg_argv[0];
  parent text := tg_argv[1];
  parent_col text := tg_argv[2];
  id text := to_jsonb(new) ->> col;
  found boolean := true;
begin
  if id is not null and parent = 'clients' then
    found := exists (select 1 from clients x where x.client_id = id);
  elsif id is not null then
    execute format('select exists (select 1 from %I x where x.client_id = $1 and x.%I = $2::uuid)', parent, parent_col)
      into found using new.client_id, id;
  end if;
  if not found then
    perform baton_refuse_tenant_ref(tg_table_name, col, new.client_id);
  end if;
  return new;
end $$;

create trigger sales_send_queue_contact_tenant_upd before update of client_id, contact_id on sales_send_queue
  for each row when (new.client_id is distinct from old.client_id or new.contact_id is distinct from old.contact_id)
  execute function baton_row_tenant_ref('contact_id', 'contacts', 'contact_id');
create trigger sales_send_queue_enrollment_tenant_upd before update of client_id, enrollment_id on sales_send_queue
  for each row when (new.client_id is distinct from old.client_id or new.enrollment_id is distinct from old.enrollment_id)
  execute function baton_row_tenant_ref('enrollment_id', 'campaign_contacts', 'id');
create trigger sales_send_queue_campaign_tenant_upd before update of client_id, campaign_id on sales_send_queue
  for each row when (new.client_id is distinct from old.client_id or new.campaign_id is distinct from old.campaign_id)
  execute function baton_row_tenant_ref('campaign_id', 'campaigns', 'id');
create trigger crm_outbox_client_tenant_upd before update of client_id on crm_outbox
  for each row when (new.client_id is distinct from old.client_id)
  execute function baton_row_tenant_ref('client_id', 'clients', 'client_id');
create trigger crm_outbox_contact_tenant_upd before update of client_id, contact_id on crm_outbox
  for each row when (new.client_id is distinct from old.client_id or new.contact_id is distinct from old.contact_id)
  execute function baton_row_tenant_ref('contact_id', 'contacts', 'contact_id');

-- the parents: a row these tables name keeps its key and is not deleted; TRUNCATE is refused while
-- they name one. tg_argv: the parent's key column, then pairs of (child table, child column).
create function baton_keeps_children() returns trigger language plpgsql as $$
declare
  key_col text := tg_argv[0];
  child text;
  child_col text;
  i int := 1;
  named boolean;
  key text;
begin
  while i < tg_nargs loop
    child := tg_argv[i];
    child_col := tg_argv[i + 1];
    i := i + 2;
    if tg_level = 'STATEMENT' then
      execute format('select exists (select 1 from %I where %I is not null)', child, child_col) into named;
      key := 'rows (truncate)';
    elsif key_col = 'client_id' then
      execute format('select exists (select 1 from %I where client_id = $1)', child)
        into named using old.client_id;
      key := old.client_id;
    else
      key := to_jsonb(old) ->> key_col;
      execute format('select exists (select 1 from %I where client_id = $1 and %I = $2::uuid)', child, child_col)
        into named using old.client_id, key;
    end if;
    if named then
      raise exception using errcode = '23503', constraint = child || '_' || child_col || '_tenant',
        message = format('%s %s named by rows of %s', tg_table_name, key, child),
        detail = json_build_object('table', child, 'column', child_col)::text;
    end if;
  end loop;
  if tg_op = 'DELETE' then
    return old;
  end if;
  return new;
end $$;

create trigger contacts_keep_items before delete on contacts
  for each row execute function baton_keeps_children('contact_id', 'sales_send_queue', 'contact_id', 'crm_outbox', 'contact_id');
create trigger contacts_keep_items_key before update of client_id, contact_id on contacts
  for each row when (old.client_id is distinct from new.client_id or old.contact_id is distinct from new.contact_id)
  execute function baton_keeps_children('contact_id', 'sales_send_queue', 'contact_id', 'crm_outbox', 'contact_id');
create trigger contacts_keep_items_truncate before truncate on contacts
  for each statement execute function baton_keeps_children('contact_id', 'sales_send_queue', 'contact_id', 'crm_outbox', 'contact_id');
create trigger campaign_contacts_keep_items before delete on campaign_contacts
  for each row execute function baton_keeps_children('id', 'sales_send_queue', 'enrollment_id');
create trigger campaign_contacts_keep_items_key before update of client_id, id on campaign_contacts
  for each row when (old.client_id is distinct from new.client_id or old.id is distinct from new.id)
  execute function baton_keeps_children('id', 'sales_send_queue', 'enrollment_id');
create trigger campaign_contacts_keep_items_truncate before truncate on campaign_contacts
  for each statement execute function baton_keeps_children('id', 'sales_send_queue', 'enrollment_id');
create trigger campaigns_keep_items before delete on campaigns
  for each row execute function baton_keeps_children('id', 'sales_send_queue', 'campaign_id');
create trigger campaigns_keep_items_key before update of client_id, id on campaigns
  for each row when (old.client_id is distinct from new.client_id or old.id is distinct from new.id)
  execute function baton_keeps_children('id', 'sales_send_queue', 'campaign_id');
create trigger campaigns_keep_items_truncate before truncate on campaigns
  for each statement execute function baton_keeps_children('id', 'sales_send_queue', 'campaign_id');
create trigger clients_keep_outbox before delete on clients
  for each row execute function baton_keeps_children('client_id', 'crm_outbox', 'client_id');
create trigger clients_keep_outbox_key before update of client_id on clients
  for each row when (old.client_id is distinct from new.client_id)
  execute function baton_keeps_children('client_id', 'crm_outbox', 'client_id');
