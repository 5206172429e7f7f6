-- OAuth access tokens (0475's proof) open through a door and leave a record, as sessions and API
-- tokens do (0350). Until now the runtime role wrote oauth_tokens freely: it could store an access
-- token of a secret it chose under any grant, approve, and delete the row (revocation and expiry
-- delete them), leaving nothing behind.
--   * baton_store_access_token (definer) is the one way the runtime role stores an access token:
--     for a live grant of an active person of the tenant, for the client that grant was given to,
--     with an expiry; it records the issue in oauth_access_token_issues (who, which grant and
--     client, which scopes, by the database's clock).
--   * the runtime role may not insert an access token into oauth_tokens itself, nor change one
--     but to consume it (a trigger: Citus takes no column grants); codes and refresh tokens are the
--     provider's as before (neither is a proof).
--   * oauth_access_token_issues is kept: the runtime role reads it and neither writes nor deletes a
--     row (revoked below and by `baton db grant-runtime`). Revoking a token or a grant deletes the
--     token, never its record.
--   * baton_proven_actor accepts an access token only with its record, of that very principal,
--     grant and client: re-pointing a grant at another person proves nothing.
-- One record per access token issued (a client in use takes one every 10 minutes), like a session
-- row per sign-in; nothing deletes them but the owner.
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

create table oauth_access_token_issues (
  client_id     text not null,
  token_hash    text not null,
  grant_id      text not null,
  principal_id  uuid not null,
  app_id        text not null,
  scopes        text[] not null,
  issued_at     timestamptz not null default now(),
  expires_at    timestamptz not null,
  primary key (client_id, token_hash),
  foreign key (client_id) references clients (client_id),
  foreign key (client_id, principal_id) references principals (client_id, principal_id)
);
create index oauth_access_token_issues_principal_idx
  on oauth_access_token_issues (client_id, principal_id, issued_at);

create function baton_store_access_token(p_client text, p_token_hash text, p_grant text, p_payload jsonb,
                                         p_expires_at timestamptz)
returns void language plpgsql security definer set search_path from current as $$
declare
  v_principal uuid;
  v_app text;
begin
  select g.principal_id, g.app_id into v_principal, v_app
    from oauth_grants g
    join principals p on p.client_id = g.client_id and p.principal_id = g.principal_id
   where g.client_id = p_client and p.client_id = p_client and g.grant_id = p_grant
     and p.kind = 'person' and p.deactivated_at is null
     and (g.expires_at is null or g.expires_at > now());
  if v_principal is null or p_expires_at is null or p_payload ->> 'clientId' is distinct from v_app then
    perform baton_guard_raise('BG002',
      'an access token is stored for a live grant of an active person, for the client of that grant',
      jsonb_build_object('role', session_user, 'operation', 'store an access token of no such grant in',
                         'table', 'oauth_tokens'));
  end if;
  insert into oauth_tokens (client_id, token_hash, model, grant_id, payload, expires_at, created_at)
    values (p_client, p_token_hash, 'AccessToken', p_grant, p_payload, p_expires_at, now())
    on conflict (client_id, token_hash) do nothing;
  if found then
    insert into oauth_access_token_issues (client_id, token_hash, grant_id, principal_id, app_id, scopes,
                                           issued_at, expires_at)
      values (p_client, p_token_hash, p_grant, v_principal, v_app,
              array_remove(string_to_array(coalesce(p_payload ->> 'scope', ''), ' '), ''), now(), p_expires_at);
  end if;
end $$;
revoke execute on function baton_store_access_token(text, text, text, jsonb, timestamptz) from public;

-- The runtime role inserts no access token and changes none but to consume it once.
create function baton_access_tokens_keep() returns trigger
language plpgsql set search_path from current as $$
begin
  if baton_owner_acting(tg_relid) then
    return new;
  end if;
  if tg_op = 'INSERT' and new.model <> 'AccessToken' then
    return new;
  end if;
  if tg_op = 'UPDATE' and old.model <> 'AccessToken' and new.model <> 'AccessToken' then
    return new;
  end if;
  if tg_op = 'UPDATE' and (to_jsonb(new) - 'consumed_at') = (to_jsonb(old) - 'consumed_at')
     and (old.consumed_at is null or new.consumed_at is not distinct from old.consumed_at) then
    return new;
  end if;
  perform baton_guard_raise('BG002', 'an access token is stored through baton_store_access_token only',
    jsonb_build_object('role', current_user, 'operation', lower(tg_op) || ' an access token of',
                       'table', tg_table_name));
  return null;
end $$;

create trigger oauth_tokens_access_keep before insert or update on oauth_tokens
  for each row execute function baton_access_tokens_keep();

-- Whether the hash is a live access token, recorded as issued, of exactly this person's grant for
-- its client, with mcp:write (0475's conditions, and the record). Called by baton_proven_actor.
create function baton_oauth_proof_holds(p_client text, p_principal uuid, p_hash text) returns boolean
language plpgsql stable set search_path from current as $$
begin
  return exists (
    select 1 from oauth_tokens o
      join oauth_grants g on g.client_id = o.client_id and g.grant_id = o.grant_id
      join oauth_access_token_issues i on i.client_id = o.client_id and i.token_hash = o.token_hash
     where o.client_id = p_client and g.client_id = p_client and i.client_id = p_client
       and o.token_hash = p_hash and o.model = 'AccessToken'
       and o.consumed_at is null and o.expires_at > baton_plays_now()
       and g.principal_id = p_principal and i.principal_id = p_principal
       and i.grant_id = g.grant_id and i.app_id = g.app_id
       and (g.expires_at is null or g.expires_at > baton_plays_now())
       and o.payload ->> 'clientId' = g.app_id
       and 'mcp:write' = any (i.scopes)
       and 'mcp:write' = any (string_to_array(o.payload ->> 'scope', ' ')));
end $$;
revoke execute on function baton_oauth_proof_holds(text, uuid, text) from public;

create or replace function baton_proven_actor(p_client text) returns uuid
language plpgsql stable security definer set search_path from current as $$
declare
  v_id text := nullif(current_setting('baton.actor_id', true), '');
  v_proof text := nullif(current_setting('baton.actor_proof', true), '');
  v_hash text;
  v_principal uuid;
begin
  if v_proof is null or v_id is null
     or v_id !~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' then
    return null;
  end if;
  v_hash := encode(sha256(convert_to(v_proof, 'UTF8')), 'hex');
  select p.principal_id into v_principal
    from principals p
   where p.client_id = p_client and p.principal_id = v_id::uuid and p.deactivated_at is null
     and (exists (select 1 from sessions s
                   where s.client_id = p_client and s.id_hash = v_hash and s.principal_id = p.principal_id
                     and s.revoked_at is null and s.expires_at > baton_plays_now())
          or exists (select 1 from api_tokens t
                      where t.client_id = p_client and t.token_hash = v_hash
                        and t.principal_id = p.principal_id and t.revoked_at is null
                        and (t.expires_at is null or t.expires_at > baton_plays_now()))
          or (p.kind = 'person' and baton_oauth_proof_holds(p_client, p.principal_id, v_hash)));
  return v_principal;
end $$;
revoke execute on function baton_proven_actor(text) from public;

-- The record is kept: the roles already granted lose INSERT, UPDATE and DELETE on it (the default
-- privileges gave them on creation); `baton db grant-runtime` repeats this.
do $$
declare
  g record;
begin
  for g in
    select distinct r.rolname
      from pg_class c, aclexplode(c.relacl) x, pg_roles r
     where c.oid = 'oauth_access_token_issues'::regclass
       and x.grantee = r.oid and x.grantee <> c.relowner and not r.rolsuper
  loop
    execute format('revoke insert, update, delete on oauth_access_token_issues from %I', g.rolname);
  end loop;
end $$;
