-- Tenant references of the tables issue 35 and 36 added beside 0211 (test/foundation/tenant-references.test.ts
-- lists them): the review queue's contact and enrollment, a provider event's contact and the
-- principal who configured a provider webhook each carry client_id in a composite foreign key, so a
-- row can never name another tenant's person, enrollment or principal. The tables are new, so the
-- keys are validated at once.
alter table inbound_reviews
  add constraint inbound_reviews_client_id_contact_id_fkey foreign key (client_id, contact_id)
    references contacts (client_id, contact_id),
  add constraint inbound_reviews_client_id_enrollment_id_fkey foreign key (client_id, enrollment_id)
    references campaign_contacts (client_id, id);
alter table mail_webhook_events
  add constraint mail_webhook_events_client_id_contact_id_fkey foreign key (client_id, contact_id)
    references contacts (client_id, contact_id);
alter table mail_webhooks
  add constraint mail_webhooks_client_id_created_by_principal_id_fkey foreign key (client_id, created_by_principal_id)
    references principals (client_id, principal_id);
