-- A person acting through an MCP client signed in with OAuth (issue 61 item 4) proves themselves
-- to the plays rules like a session or an API token does (issue 58, 0350): the raw access token is
-- the proof. The authorization server stores it as the hex SHA-256 of its UTF-8 text
-- (src/auth/mcp-oauth/pg-adapter.ts, oauth_tokens.token_hash of 0420), the hash 0350 already takes
-- of a proof, so baton_proven_actor now also accepts the actor when that hash is, in the row's
-- tenant:
--   * an oauth_tokens row of model 'AccessToken' (a refresh token or a code is no proof), not
--     consumed, with an expiry and not past it (the database's clock, or the owner-allowed one);
--   * of a grant (oauth_grants, same tenant) of exactly that principal, not past its expiry, made
--     for the client the token was issued to (the payload's clientId is the grant's app_id);
--   * whose scope includes mcp:write (a read-only token approves nothing, here as in the
--     application, which refuses it before the database with OAUTH_SCOPE_MISSING);
--   * and the principal an active person (only people approve clients).
-- A revoked token or grant has no row: revocation deletes them (RFC 7009, an admin's Revoke).
-- Unchanged from 0350: definer, search_path pinned, PL/pgSQL (Citus routes to the tenant's shard
-- only with the parameters bound; oauth_tokens and oauth_grants are distributed by tenant, co-
-- located with plays), and every table named with client_id.
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

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
          or (p.kind = 'person'
              and exists (select 1 from oauth_tokens o
                            join oauth_grants g on g.client_id = o.client_id and g.grant_id = o.grant_id
                           where o.client_id = p_client and g.client_id = p_client
                             and o.token_hash = v_hash and o.model = 'AccessToken'
                             and o.consumed_at is null and o.expires_at > baton_plays_now()
                             and g.principal_id = p.principal_id
                             and (g.expires_at is null or g.expires_at > baton_plays_now())
                             and o.payload ->> 'clientId' = g.app_id
                             and 'mcp:write' = any (string_to_array(o.payload ->> 'scope', ' ')))));
  return v_principal;
end $$;
revoke execute on function baton_proven_actor(text) from public;
