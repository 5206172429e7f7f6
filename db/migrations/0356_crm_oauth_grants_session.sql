-- A CRM grant in flight names the sign-in session that started it (0355): within its tenant, as every
-- reference between tenant rows is (test/foundation/tenant-references.test.ts). A session that goes
-- takes its grants in flight with it; a grant started with an API token names no session (null).
alter table crm_oauth_grants
  add constraint crm_oauth_grants_session_fk foreign key (client_id, session_id)
    references sessions (client_id, session_id) on delete cascade;
