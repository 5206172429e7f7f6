-- Sign-in for people (issue 11): server-side sessions, per-tenant OpenID Connect settings, the
-- short-lived state of an OIDC round trip, one-time email sign-in links, and a sign-in throttle.
-- Secrets are never stored as they are sent: session ids, link codes and OIDC states are stored as
-- SHA-256 hashes; the IdP client secret is sealed with a key derived from BATON_SECRET.

-- The people admin (0110) adds this column; repeated here so this file stands on its own.
alter table principals add column if not exists deactivated_at timestamptz;

create table sessions (
  session_id    uuid not null default gen_random_uuid(),
  client_id     text not null references clients (client_id),
  principal_id  uuid not null,
  -- SHA-256 of the opaque id the cookie holds
  id_hash       text not null,
  -- sent back by the workspace in X-CSRF-Token on every write (only useful with the cookie)
  csrf_token    text not null,
  method        text not null check (method in ('oidc', 'email_link', 'demo')),
  created_at    timestamptz not null default now(),
  last_seen_at  timestamptz not null default now(),
  expires_at    timestamptz not null,
  revoked_at    timestamptz,
  ip            text,
  user_agent    text,
  primary key (client_id, session_id),
  unique (client_id, id_hash),
  foreign key (client_id, principal_id) references principals (client_id, principal_id)
);
-- the cookie carries no tenant: look the session up by its hash alone
create index sessions_id_hash_idx on sessions (id_hash);
create index sessions_principal_idx on sessions (client_id, principal_id) where revoked_at is null;

create table idp_settings (
  client_id            text not null references clients (client_id),
  issuer               text not null check (issuer ~ '^https?://'),
  oidc_client_id       text not null check (length(oidc_client_id) between 1 and 400),
  -- AES-256-GCM sealed (iv.tag.ciphertext, base64url); never returned by the API
  oidc_client_secret   text,
  allowed_domains      text[] not null default '{}',
  role_claim           text not null default 'groups',
  role_map             jsonb not null default '{}',
  updated_at           timestamptz not null default now(),
  updated_by           uuid,
  primary key (client_id)
);

create table oidc_sign_in_states (
  client_id      text not null references clients (client_id),
  state_hash     text not null,
  code_verifier  text not null,
  nonce          text not null,
  created_at     timestamptz not null default now(),
  expires_at     timestamptz not null,
  primary key (client_id, state_hash)
);
create index oidc_sign_in_states_hash_idx on oidc_sign_in_states (state_hash);

create table email_sign_in_links (
  client_id     text not null references clients (client_id),
  link_id       uuid not null default gen_random_uuid(),
  principal_id  uuid not null,
  code_hash     text not null,
  created_at    timestamptz not null default now(),
  expires_at    timestamptz not null,
  used_at       timestamptz,
  primary key (client_id, link_id),
  unique (client_id, code_hash),
  foreign key (client_id, principal_id) references principals (client_id, principal_id)
);
create index email_sign_in_links_code_idx on email_sign_in_links (code_hash);

-- Attempts per bucket ('ip:<hash>' across tenants, 'email:<client>:<hash>') per fixed window.
-- Not tenant data: a per-IP limit must count every tenant's attempts from that address.
create table sign_in_throttle (
  bucket        text not null,
  window_start  timestamptz not null,
  attempts      int not null default 0,
  primary key (bucket, window_start)
);
