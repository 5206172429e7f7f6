-- What a CRM of record says about a contact, read back by polling or webhooks (issue 41 item 1):
-- the owner the CRM assigned (the CRM's own user id) and the lifecycle stage, as the CRM names it.
-- Nullable, no default: adding them rewrites no row.
alter table contacts
  add column crm_owner_id text,
  add column crm_lifecycle_stage text;
