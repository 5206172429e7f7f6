-- Teams (issue 61 item 1): a tenant's people grouped into teams, each with managers and members; a
-- person may be in several teams (HubSpot's secondary teams), with one role in each. Territories,
-- books and team campaigns build on these rows. Only people join a team (an agent is bound to a
-- team by its token's scope, not by membership); the application checks the kind, as it checks
-- roles, because a CHECK cannot read another table.
create table teams (
  client_id   text not null,
  team_id     uuid not null default gen_random_uuid(),
  name        text not null constraint teams_name_check check (length(btrim(name)) between 1 and 80),
  description text constraint teams_description_check check (length(description) <= 500),
  created_at  timestamptz not null default now(),
  primary key (client_id, team_id),
  foreign key (client_id) references clients (client_id)
);
-- one team of a name per tenant, whatever its case or surrounding spaces
create unique index teams_name_key on teams (client_id, lower(btrim(name)));

create table team_members (
  client_id     text not null,
  team_id       uuid not null,
  principal_id  uuid not null,
  role          text not null constraint team_members_role_check check (role in ('manager', 'member')),
  added_at      timestamptz not null default now(),
  primary key (client_id, team_id, principal_id),
  foreign key (client_id, team_id) references teams (client_id, team_id) on delete cascade,
  foreign key (client_id, principal_id) references principals (client_id, principal_id) on delete cascade
);
-- a person's teams (the books of issue 61 item 2 start from here)
create index team_members_principal_idx on team_members (client_id, principal_id);
