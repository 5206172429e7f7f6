-- Issue 61 item 2: books. A rep sees and works the prospects that are theirs, a team's manager the
-- team's, RevOps, the exec and admins the whole workspace, as a setting of each workspace
-- (Outreach's "can view others' prospects").
--
-- book_settings.scope, per workspace (no row: 'tenant', what Baton did before):
--   tenant  every person reaches every prospect, as their roles allow
--   team    a person without a workspace-wide role (revops, exec, admin) reaches the prospects owned
--           by the people of their teams (managers and members alike), and their own
--   own     such a person reaches their own prospects; a team's manager also the team's people's
-- A prospect is a person's when contacts.owner_principal_id names them (assignment and the CRM's
-- owner keep it: 0430). A prospect with no owner is in no one's book but the workspace-wide roles'.
--
-- The application enforces the book in one place (src/books); the database refuses a write outside
-- it the way the tenant-reference triggers refuse a write across tenants (0211, 0320): every
-- governed write of a person is explained by an event in cadence_event_log naming the actor and the
-- contact, in the same transaction, and a statement trigger on that log refuses the statement (so
-- the write it explains rolls back) when the actor is a person whose book does not hold the
-- contact. One exception: recording an opt-out ('opted_out') is never refused; whoever hears a
-- prospect ask to stop records it (spec 001: never send after an opt-out).
-- Agents are scoped by their token (api_tokens.book_team_id / book_territory_id, below), which the
-- database cannot see on an event row; the application enforces their scope.
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

create table book_settings (
  client_id   text not null references clients (client_id),
  scope       text not null default 'tenant' check (scope in ('tenant', 'team', 'own')),
  updated_at  timestamptz not null default now(),
  updated_by  uuid,
  primary key (client_id),
  foreign key (client_id, updated_by) references principals (client_id, principal_id)
);

-- An agent's token bound to a team (the prospects its people own) or a territory (the prospects of
-- the territory's accounts); neither: the workspace. No foreign key: a team or territory deleted
-- leaves the token bound to nothing, and a token bound to nothing reaches no prospect (it fails
-- closed; a key with ON DELETE SET NULL would widen it to the workspace, and Citus refuses SET NULL
-- on a key carrying client_id anyway: docs/scaling.md).
alter table api_tokens add column book_team_id uuid;
alter table api_tokens add column book_territory_id uuid;
alter table api_tokens add constraint api_tokens_one_book
  check (book_team_id is null or book_territory_id is null);

-- Whether the person p_actor's book holds contact p_contact of tenant p_client (true for no actor,
-- no contact, a workspace-wide scope or role, or an agent). PL/pgSQL with the tenant named in every
-- statement (Citus routes each to the tenant's shard: 0336).
create function baton_book_allows(p_client text, p_actor uuid, p_contact uuid) returns boolean
language plpgsql stable set search_path from current as $$
declare
  v_scope text;
  v_kind text;
  v_roles text[];
  v_owner uuid;
begin
  if p_actor is null or p_contact is null then
    return true;
  end if;
  select s.scope into v_scope from book_settings s where s.client_id = p_client;
  if v_scope is null or v_scope = 'tenant' then
    return true;
  end if;
  select p.kind, p.roles into v_kind, v_roles
    from principals p where p.client_id = p_client and p.principal_id = p_actor;
  if v_kind is distinct from 'person' or v_roles && array['revops', 'exec', 'admin'] then
    return true;
  end if;
  select c.owner_principal_id into v_owner
    from contacts c where c.client_id = p_client and c.contact_id = p_contact;
  if v_owner is null then
    return false;
  end if;
  if v_owner = p_actor then
    return true;
  end if;
  return exists (
    select 1
      from team_members me
      join team_members them on them.client_id = me.client_id and them.team_id = me.team_id
     where me.client_id = p_client and me.principal_id = p_actor
       and them.client_id = p_client and them.principal_id = v_owner
       and (v_scope = 'team' or me.role = 'manager'));
end $$;

-- One trigger per INSERT statement, as 0320's: the inserted rows alone are read (Citus refuses a
-- transition table joined to distributed tables), a tenant at a time, and only a tenant whose scope
-- is not 'tenant' pays more than one probe of book_settings.
create function baton_event_log_books() returns trigger language plpgsql set search_path from current as $$
declare
  t record;
  e record;
begin
  for t in
    select distinct n.client_id from new_rows n
     where n.actor_principal_id is not null and n.contact_id is not null and n.event_type <> 'opted_out'
  loop
    if not exists (select 1 from book_settings s where s.client_id = t.client_id and s.scope <> 'tenant') then
      continue;
    end if;
    for e in
      select distinct n.actor_principal_id, n.contact_id, n.event_type from new_rows n
       where n.client_id = t.client_id and n.actor_principal_id is not null and n.contact_id is not null
         and n.event_type <> 'opted_out'
    loop
      if not baton_book_allows(t.client_id, e.actor_principal_id, e.contact_id) then
        raise exception using errcode = 'BK001',
          message = format('the prospect %s is not in the book of principal %s', e.contact_id, e.actor_principal_id),
          detail = json_build_object('contact_id', e.contact_id, 'event_type', e.event_type)::text;
      end if;
    end loop;
  end loop;
  return null;
end $$;

create trigger cadence_event_log_books after insert on cadence_event_log
  referencing new table as new_rows
  for each statement execute function baton_event_log_books();
