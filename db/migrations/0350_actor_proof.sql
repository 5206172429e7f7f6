-- Issue 58, Deliver 1: approvals the database verifies. Until now the plays triggers took
-- baton.actor_id's word for who acted, and any session may set a setting: as the runtime role,
-- set_config('baton.actor_id', <an SLM's id>) then <a RevOps id> activated a play nobody approved.
--
-- Now a write made by the runtime role names its actor AND presents that actor's proof: the raw
-- session id (cookie) or API token of the request, as the request presented it. The database keeps
-- only SHA-256 hashes of both (0115 sessions.id_hash, 0001 api_tokens.token_hash); a SECURITY
-- DEFINER function hashes the presented proof and accepts the actor only when the hash is a live
-- session or token of exactly that principal, in that tenant, not revoked, not expired, its
-- principal not deactivated. Every trigger that asks who is acting (the plays rules of 0010/0260/
-- 0317, the play-config guard of 0200/0318) asks baton_plays_actor, so all of them verify.
--
-- The proof reaches the database as a bound parameter of baton_present_proof(), never as SQL text:
-- SET takes no parameters, and a SET LOCAL literal would show the raw secret in pg_stat_activity
-- (which the runtime role reads for its own sessions) and in pg_stat_statements. The function runs
-- SET LOCAL itself (EXECUTE), which Citus forwards to the workers like any SET LOCAL of a
-- multi-statement transaction (citus.propagate_set_commands = 'local'), so the triggers on the
-- shards see it too.
--
-- The owner (or a superuser) is trusted without proof, as 0200's switches are: it owns the tables
-- and could disable the triggers, so a check against it would protect nothing. That is the
-- migrations, the simulator, single-role trials and PGlite (one superuser). docs/plays.md "What the
-- database verifies" says what remains trusted.
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

-- The request's proof, as a bound parameter: kept for this transaction only (SET LOCAL; %L quotes
-- any text). Nothing is refused here: a proof that matches no live credential fails where an actor
-- is asked for, and only there (an opt-out or a pause asks for none).
create function baton_present_proof(p_proof text) returns void
language plpgsql set search_path from current as $$
begin
  execute format('set local baton.actor_proof = %L', coalesce(p_proof, ''));
end $$;

-- The principal whose live session or token the presented proof is, when it is the named actor.
-- Definer: the hashes are compared here, whatever the caller may read; search_path pinned. PL/pgSQL,
-- not SQL: a SQL function that cannot be inlined (a definer's is not) plans its statements without
-- their parameters' values, and Citus routes a query to the tenant's shard only with them bound
-- (0336); PL/pgSQL's plan cache asks for custom plans.
create function baton_proven_actor(p_client text) returns uuid
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
                        and (t.expires_at is null or t.expires_at > baton_plays_now())));
  return v_principal;
end $$;
revoke execute on function baton_proven_actor(text) from public;

-- The acting principal of this transaction within a tenant, or no row (0010's, now verified).
create or replace function baton_plays_actor(p_client text)
returns table (principal_id uuid, kind text, roles text[], agent_id text, display_name text)
language plpgsql stable set search_path from current as $$
declare
  v_id text := nullif(current_setting('baton.actor_id', true), '');
begin
  if v_id is null or v_id !~ '^[0-9a-fA-F-]{36}$' then
    return;
  end if;
  if not baton_owner_acting('plays'::regclass) and baton_proven_actor(p_client) is null then
    perform baton_plays_raise('BP009', 'the acting principal presented no live session or token of its own',
      jsonb_build_object('operation', 'write',
                         'reason', 'the acting principal presented no live session or token of its own'));
  end if;
  return query
    select p.principal_id, p.kind, p.roles, p.agent_id::text, p.display_name
    from principals p where p.client_id = p_client and p.principal_id = v_id::uuid;
end $$;

-- Sessions and tokens open through these doors only (baton db grant-runtime takes INSERT away from
-- the runtime role on both tables, and UPDATE but of the columns sign-out and last use write). The
-- runtime role signs people in, so it may still open a session for anyone; the door records it with
-- the database's clock (created_at) and a principal that exists, is active, and (for a session) is
-- a person, and the row cannot be changed or deleted by the runtime role afterwards.
create function baton_open_session(p_client text, p_principal uuid, p_id_hash text, p_csrf_token text,
                                   p_method text, p_last_seen_at timestamptz, p_expires_at timestamptz,
                                   p_ip text, p_user_agent text)
returns uuid language plpgsql security definer set search_path from current as $$
declare
  v_id uuid;
begin
  if not exists (select 1 from principals p where p.client_id = p_client and p.principal_id = p_principal
                    and p.kind = 'person' and p.deactivated_at is null) then
    perform baton_guard_raise('BG002', 'a session opens for an active person of the tenant only',
      jsonb_build_object('role', session_user, 'operation', 'open a session of an unknown or deactivated person in',
                         'table', 'sessions'));
  end if;
  insert into sessions (client_id, principal_id, id_hash, csrf_token, method, created_at, last_seen_at,
                        expires_at, ip, user_agent)
    values (p_client, p_principal, p_id_hash, p_csrf_token, p_method, now(), p_last_seen_at, p_expires_at,
            p_ip, p_user_agent)
    returning session_id into v_id;
  return v_id;
end $$;
revoke execute on function baton_open_session(text, uuid, text, text, text, timestamptz, timestamptz, text, text)
  from public;

-- A token's hash (null when that exact token already exists, as issueTokenRow's ON CONFLICT).
create function baton_issue_token(p_client text, p_principal uuid, p_token_hash text, p_label text,
                                  p_expires_at timestamptz)
returns uuid language plpgsql security definer set search_path from current as $$
declare
  v_id uuid;
begin
  if not exists (select 1 from principals p where p.client_id = p_client and p.principal_id = p_principal
                    and p.deactivated_at is null) then
    perform baton_guard_raise('BG002', 'a token is issued to an active principal of the tenant only',
      jsonb_build_object('role', session_user, 'operation', 'issue a token of an unknown or deactivated principal in',
                         'table', 'api_tokens'));
  end if;
  insert into api_tokens (client_id, principal_id, token_hash, label, expires_at, created_at)
    values (p_client, p_principal, p_token_hash, p_label, p_expires_at, now())
    on conflict (token_hash, client_id) do nothing
    returning token_id into v_id;
  return v_id;
end $$;
revoke execute on function baton_issue_token(text, uuid, text, text, timestamptz) from public;

-- A revoked session or token stays revoked (the runtime role may write revoked_at, to sign out and
-- revoke). The demo's public tokens are the exception: a demo start reopens them
-- (src/demo/demo-access.ts), and they are printed in the README anyway.
create function baton_credentials_stay_revoked() returns trigger
language plpgsql set search_path from current as $$
begin
  if old.revoked_at is null or new.revoked_at is not distinct from old.revoked_at
     or baton_owner_acting(tg_relid) then
    return new;
  end if;
  if tg_table_name = 'api_tokens' then
    if old.label like 'demo:%' then
      return new;
    end if;
  end if;
  perform baton_guard_raise('BG002', 'a revoked session or token stays revoked',
    jsonb_build_object('role', current_user, 'operation', 'reopen a revoked credential in', 'table', tg_table_name));
  return null;
end $$;

create trigger sessions_stay_revoked before update on sessions
  for each row execute function baton_credentials_stay_revoked();
create trigger api_tokens_stay_revoked before update on api_tokens
  for each row execute function baton_credentials_stay_revoked();

-- Which columns the runtime role may write: sign-out and revocation, and last use. Kept by a trigger,
-- not by column grants: Citus refuses GRANT/REVOKE on a column list of a distributed table ("grant/
-- revoke on column list is currently unsupported"), and sessions and api_tokens are distributed by
-- tenant there. Only the owner (and a superuser) writes another column.
create function baton_credentials_keep_columns() returns trigger
language plpgsql set search_path from current as $$
declare
  v_free text[] := case tg_table_name when 'sessions' then array['last_seen_at', 'revoked_at']
                                      else array['last_used_at', 'revoked_at', 'revoked_by'] end;
begin
  if baton_owner_acting(tg_relid) or (to_jsonb(new) - v_free) = (to_jsonb(old) - v_free) then
    return new;
  end if;
  perform baton_guard_raise('BG002', 'a session or token is written through its doors only',
    jsonb_build_object('role', current_user, 'operation', 'update the credential columns of', 'table', tg_table_name));
  return null;
end $$;

create trigger sessions_keep_columns before update on sessions
  for each row execute function baton_credentials_keep_columns();
create trigger api_tokens_keep_columns before update on api_tokens
  for each row execute function baton_credentials_keep_columns();

-- Grants: the runtime role keeps SELECT (a hash does not give back the secret: SHA-256 of 256 random
-- bits for sessions, 192 for tokens) and UPDATE (of the columns above, by the trigger), and loses
-- INSERT and DELETE. These statements reach the roles already granted; `baton db grant-runtime`
-- repeats them.
do $$
declare
  g record;
begin
  for g in
    select distinct r.rolname
      from pg_class c, aclexplode(c.relacl) x, pg_roles r
     where c.oid in ('sessions'::regclass, 'api_tokens'::regclass)
       and x.grantee = r.oid and x.grantee <> c.relowner and not r.rolsuper
  loop
    execute format('revoke insert, delete on sessions, api_tokens from %I', g.rolname);
  end loop;
end $$;
