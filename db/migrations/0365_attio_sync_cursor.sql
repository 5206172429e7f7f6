-- Issue 58: Attio is read back too (src/crm/attio-changes.ts): its poll keeps its cursor beside
-- HubSpot's and Salesforce's.
alter table crm_sync_cursors drop constraint crm_sync_cursors_provider_check;
alter table crm_sync_cursors add constraint crm_sync_cursors_provider_check
  check (provider in ('hubspot', 'salesforce', 'attio'));
