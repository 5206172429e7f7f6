-- Agents sign in like MCP clients (issue 61 item 4): the storage of Baton's OAuth 2.1 authorization
-- server (oidc-provider's adapter, src/auth/mcp-oauth/pg-adapter.ts). Every secret value (an access,
-- refresh or registration token, an authorization code, a session or interaction id) is stored as
-- its SHA-256 hash, never as itself, and its payload without the value (no jti).
--
-- Before a person approves, no tenant is known: a client registers itself (RFC 7591) and a browser
-- starts an authorization. Those records (registered clients, interactions, the provider's sessions)
-- are global: a reference table, as sign_in_throttle is, written rarely. Once a person approves, the
-- grant and every code and token of it belong to the person's tenant: client_id first in their keys.
create table oauth_records (
  model       text not null constraint oauth_records_model_check check (length(model) between 1 and 40),
  key_hash    text not null,
  payload     jsonb not null,
  uid_hash    text,
  expires_at  timestamptz,
  consumed_at timestamptz,
  created_at  timestamptz not null default now(),
  primary key (model, key_hash)
);
create index oauth_records_uid_idx on oauth_records (model, uid_hash) where uid_hash is not null;
create index oauth_records_expires_idx on oauth_records (expires_at) where expires_at is not null;

-- A person's approval of one registered client (oidc-provider's Grant): who approved, which scopes,
-- when it was last used. Deleting the row ends every code and token of it at once (the admin's Revoke).
create table oauth_grants (
  client_id     text not null,
  grant_id      text not null,
  app_id        text not null,
  principal_id  uuid not null,
  scopes        text[] not null default '{}',
  payload       jsonb not null,
  expires_at    timestamptz,
  created_at    timestamptz not null default now(),
  last_used_at  timestamptz,
  primary key (client_id, grant_id),
  foreign key (client_id) references clients (client_id),
  foreign key (client_id, principal_id) references principals (client_id, principal_id) on delete cascade
);
create index oauth_grants_app_idx on oauth_grants (client_id, app_id);

-- The codes and tokens of a grant, by the hash of their value.
create table oauth_tokens (
  client_id   text not null,
  token_hash  text not null,
  model       text not null constraint oauth_tokens_model_check
                check (model in ('AuthorizationCode', 'AccessToken', 'RefreshToken')),
  grant_id    text not null,
  payload     jsonb not null,
  expires_at  timestamptz,
  consumed_at timestamptz,
  created_at  timestamptz not null default now(),
  primary key (client_id, token_hash),
  foreign key (client_id, grant_id) references oauth_grants (client_id, grant_id) on delete cascade
);
create index oauth_tokens_grant_idx on oauth_tokens (client_id, grant_id);
create index oauth_tokens_hash_idx on oauth_tokens (token_hash);
