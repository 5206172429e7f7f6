-- A CRM's OAuth2 grant in flight (issue 58, Deliver 2; RFC 6749 §10.12, RFC 7636, RFC 9700 §2.1):
-- the state and the PKCE code verifier stay on the server, bound to the person (and, when started
-- from a browser, the sign-in session) that started the grant, for 10 minutes, and are used once. The
-- state is kept as its SHA-256 hash only; the verifier must be sent to the token endpoint, so it is
-- sealed (AES-256-GCM under BATON_SECRET, as the tokens of crm_oauth_tokens are).
--
-- A grant whose CRM account (HubSpot portal, Salesforce org) is not the one the workspace connected
-- before is parked here with its tokens sealed (pending_account set) until a revops or admin person
-- confirms the change (POST /api/v1/crm/oauth/{provider}/confirm, docs/adapters.md "Connecting a CRM").
create table crm_oauth_grants (
  client_id              text not null references clients (client_id),
  grant_id               uuid not null default gen_random_uuid(),
  provider               text not null check (provider in ('hubspot', 'salesforce')),
  -- the grant in flight: the state's hash and the sealed verifier (null once parked)
  state_hash             text,
  started_by             uuid not null,
  -- the sign-in session that started it (a browser); null when started with an API token, and then
  -- any live sign-in session of the same person completes it
  session_id             uuid,
  code_verifier_sealed   text,
  created_at             timestamptz not null,
  expires_at             timestamptz not null,
  -- a parked grant: the code was exchanged for an account other than the connected one
  pending_account        text,
  previous_account       text,
  tokens_sealed          text,
  primary key (client_id, grant_id),
  unique (client_id, state_hash),
  foreign key (client_id, started_by) references principals (client_id, principal_id),
  check (case when pending_account is null
              then state_hash is not null and code_verifier_sealed is not null and tokens_sealed is null
              else state_hash is null and code_verifier_sealed is null and tokens_sealed is not null end)
);
