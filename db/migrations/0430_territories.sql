-- Territories, account owners and round-robin assignment (issue 61 item 1; docs/teams.md).
-- A territory is owned by a team and defined by a segment, an explicit list of accounts or a rule on
-- account fields (a small JSON language, validated by src/teams/territory-rule.ts and compiled to
-- parametrised SQL there). When several territories match an account, the lowest priority number
-- wins (then the name). A new contact with no owner is routed by its account: the account's owner,
-- else the territory's team in turn (team_round_robin keeps whose turn it is, one row per team, locked
-- by each assignment so two imports never hand out the same turn).
create table territories (
  client_id    text not null,
  territory_id uuid not null default gen_random_uuid(),
  name         text not null constraint territories_name_check check (length(btrim(name)) between 1 and 80),
  team_id      uuid not null,
  priority     integer not null constraint territories_priority_check check (priority between 1 and 10000),
  definition   jsonb not null constraint territories_definition_check
                 check (jsonb_typeof(definition) = 'object' and definition ->> 'kind' in ('segment', 'accounts', 'rule')),
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  primary key (client_id, territory_id),
  foreign key (client_id) references clients (client_id),
  -- a team that owns a territory is not deleted under it (TERRITORY_TEAM_IN_USE)
  foreign key (client_id, team_id) references teams (client_id, team_id)
);
create unique index territories_name_key on territories (client_id, lower(btrim(name)));
create index territories_team_idx on territories (client_id, team_id);

-- whose turn it is in a team: the member who got the last contact (the next is the following one by id)
create table team_round_robin (
  client_id         text not null,
  team_id           uuid not null,
  last_principal_id uuid,
  assigned          bigint not null default 0,
  updated_at        timestamptz not null default now(),
  primary key (client_id, team_id),
  foreign key (client_id, team_id) references teams (client_id, team_id) on delete cascade,
  foreign key (client_id, last_principal_id) references principals (client_id, principal_id)
);

-- an owner on every account, beside the contacts' owner
alter table accounts add column owner_principal_id uuid;
alter table accounts add constraint accounts_client_id_owner_principal_id_fkey
  foreign key (client_id, owner_principal_id) references principals (client_id, principal_id);
create index accounts_owner_idx on accounts (client_id, owner_principal_id) where owner_principal_id is not null;

-- the CRM's user id of a person, so that the CRM's owner of a record names a Baton owner
alter table principals add column crm_user_id text
  constraint principals_crm_user_id_check check (length(crm_user_id) between 1 and 200);
create unique index principals_crm_user_id_key on principals (client_id, crm_user_id) where crm_user_id is not null;
