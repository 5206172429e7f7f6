-- Issue 61 item 2: an admin binds an agent's token to a book (a team or a territory) as it is
-- created (POST /api/v1/admin/tokens with book: {team_id} | {territory_id}; docs/books.md). The
-- runtime role writes no credential column but sign-out, revocation and last use (0350's trigger),
-- so the binding goes through a door of its own, as the token's hash goes through
-- baton_issue_token: it binds a token issued in this very transaction (created_at is the
-- transaction's now(), as baton_issue_token writes it) and not yet bound, of an active agent, to a
-- team or territory of the same tenant. A token is never re-bound afterwards: to change what an
-- agent reaches, issue another token and revoke the old one (both audited).
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

create function baton_bind_token(p_client text, p_token uuid, p_team uuid, p_territory uuid)
returns void language plpgsql security definer set search_path from current as $$
begin
  if (p_team is null) = (p_territory is null) then
    perform baton_guard_raise('BG002', 'a token is bound to one team or one territory',
      jsonb_build_object('role', session_user, 'operation', 'bind a token to no book or two in',
                         'table', 'api_tokens'));
  end if;
  if p_team is not null and not exists (
       select 1 from teams t where t.client_id = p_client and t.team_id = p_team) then
    perform baton_guard_raise('BG002', 'a token is bound to a team of its own tenant',
      jsonb_build_object('role', session_user, 'operation', 'bind a token to an unknown team in',
                         'table', 'api_tokens'));
  end if;
  if p_territory is not null and not exists (
       select 1 from territories t where t.client_id = p_client and t.territory_id = p_territory) then
    perform baton_guard_raise('BG002', 'a token is bound to a territory of its own tenant',
      jsonb_build_object('role', session_user, 'operation', 'bind a token to an unknown territory in',
                         'table', 'api_tokens'));
  end if;
  update api_tokens k
     set book_team_id = p_team, book_territory_id = p_territory
   where k.client_id = p_client and k.token_id = p_token
     and k.book_team_id is null and k.book_territory_id is null
     and k.revoked_at is null and k.created_at = now()
     and exists (select 1 from principals p
                  where p.client_id = p_client and p.principal_id = k.principal_id
                    and p.kind = 'agent' and p.deactivated_at is null);
  if not found then
    perform baton_guard_raise('BG002', 'only an agent''s token issued in this transaction is bound',
      jsonb_build_object('role', session_user, 'operation', 'bind an existing or a person''s token in',
                         'table', 'api_tokens'));
  end if;
end $$;
revoke execute on function baton_bind_token(text, uuid, uuid, uuid) from public;
