-- Issue 40: the claims across tenants become one claim per tenant (src/db/tenant-claims.ts): a
-- read-only list of the tenants with due rows, then a statement naming `client_id = $1` with FOR
-- UPDATE SKIP LOCKED (on Citus a FOR UPDATE runs only in a statement routed to one tenant's shard).
-- The per-tenant claims read these indexes; the lists read the same partial indexes whole (their
-- rows are the few pending or paused ones).
-- * notification deliveries: (client_id, next_attempt_at) replaces (next_attempt_at);
-- * the CRM outbox: a tenant's oldest pending write (crm_outbox_pending_idx stays for the list);
-- * paused enrollments to resume (there was no index: the resume pass read the table).
drop index notification_deliveries_due_idx;
create index notification_deliveries_due_idx on notification_deliveries (client_id, next_attempt_at)
  where status = 'pending';
create index crm_outbox_tenant_pending_idx on crm_outbox (client_id, id) where status = 'pending';
create index campaign_contacts_paused_idx on campaign_contacts (client_id, paused_until)
  where status = 'paused';
