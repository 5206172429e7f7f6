-- Issue 58: "The database still accepts one cross-tenant reference (staged_drafts.send_item_id)".
-- 0211 checks the draft's side at commit (a draft is written before its item, stage-draft.ts), with a
-- trigger because a foreign key would close the cycle staged_drafts ↔ sales_send_queue
-- (sales_send_queue.staged_draft_id is a key the other way), which has no order to distribute the two
-- tables in on Citus (src/db/tenant-keys.ts distributionPlanSql: each table after those it
-- references). The item's side was open: an item a draft names could be moved to another tenant
-- (client_id, contact, campaign and enrollment changed in one UPDATE, each accepted by 0334's row
-- triggers) or deleted and written again under the same id in another tenant, and the draft then
-- named another tenant's item (test/foundation/tenant-staged-draft-item.test.ts).
--
-- Now the item is kept as a foreign key keeps its parent: while a draft names it, it is not deleted
-- and its key (client_id, id) is not changed (23503, staged_drafts_send_item_id_tenant), by 0334's
-- baton_keeps_children, and TRUNCATE is refused while a draft names any item. Nothing in Baton
-- deletes a send item or changes its key (retention and erasure redact), so no path of the product
-- meets these triggers. The draft's check at commit takes the item's KEY SHARE lock as a foreign key
-- would, so a delete or a move cannot slip in between the check and the commit (the delete waits,
-- then its own trigger sees the committed draft). On Citus each lookup names the tenant, so it runs on
-- the shard group of that tenant (docs/scaling.md, trigger-tenant).
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

create or replace function baton_staged_drafts_item_tenant() returns trigger language plpgsql as $$
begin
  if exists (select 1 from staged_drafts d where d.client_id = new.client_id and d.id = new.id
                                             and d.send_item_id = new.send_item_id) then
    perform 1 from sales_send_queue x where x.client_id = new.client_id and x.id = new.send_item_id
      for key share;
    if not found then
      raise exception using errcode = '23503', constraint = 'staged_drafts_send_item_id_tenant',
        message = format('staged_drafts.send_item_id names no send item of tenant %s', new.client_id),
        detail = json_build_object('table', 'staged_drafts', 'column', 'send_item_id')::text;
    end if;
  end if;
  return null;
end $$;

create trigger sales_send_queue_keep_drafts before delete on sales_send_queue
  for each row execute function baton_keeps_children('id', 'staged_drafts', 'send_item_id');
create trigger sales_send_queue_keep_drafts_key before update of client_id, id on sales_send_queue
  for each row when (old.client_id is distinct from new.client_id or old.id is distinct from new.id)
  execute function baton_keeps_children('id', 'staged_drafts', 'send_item_id');
create trigger sales_send_queue_keep_drafts_truncate before truncate on sales_send_queue
  for each statement execute function baton_keeps_children('id', 'staged_drafts', 'send_item_id');
