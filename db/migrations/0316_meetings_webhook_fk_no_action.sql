-- Issue 40: Citus refuses ON DELETE SET NULL on a foreign key that carries the distribution column,
-- even with a column list that leaves client_id alone (`set null (webhook_id)`, 0295), so
-- `baton db distribute` stopped at meetings. The foreign key stays, with no action; removing a
-- meeting webhook clears its meetings' webhook_id first, in the same transaction
-- (src/meetings/manage-meeting-webhooks.ts), which is what the action did.
alter table meetings drop constraint meetings_client_id_webhook_id_fkey;
alter table meetings add constraint meetings_client_id_webhook_id_fkey
  foreign key (client_id, webhook_id) references meeting_webhooks (client_id, id);
