-- CRMs reached over OAuth2 (issue 41 item 1: HubSpot and Salesforce as records of truth). Per tenant
-- and provider: the access and refresh tokens, sealed (AES-256-GCM under a key derived from
-- BATON_SECRET, as the IdP client secret is), so a database dump alone hands out no CRM access;
-- and the cursor of the poll that reads changes made in the CRM back into Baton.
create table crm_oauth_tokens (
  client_id             text not null references clients (client_id),
  provider              text not null check (provider in ('hubspot', 'salesforce')),
  access_token_sealed   text not null,
  refresh_token_sealed  text not null,
  expires_at            timestamptz not null,
  -- Salesforce: the org's own API host (the token response's instance_url); HubSpot: null
  instance_url          text,
  -- the CRM's account the tokens belong to (HubSpot: the hub/portal id webhooks name; Salesforce:
  -- the org id); a webhook is routed to the tenant by it
  account_ref           text,
  updated_at            timestamptz not null default now(),
  primary key (client_id, provider)
);
create index crm_oauth_tokens_account_idx on crm_oauth_tokens (provider, account_ref)
  where account_ref is not null;

create table crm_sync_cursors (
  client_id   text not null references clients (client_id),
  provider    text not null check (provider in ('hubspot', 'salesforce')),
  cursor      text,
  polled_at   timestamptz not null default now(),
  primary key (client_id, provider)
);
