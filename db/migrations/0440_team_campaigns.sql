-- Team campaigns (issue 61 item 3): a campaign may belong to a team. Only RevOps, admins and the
-- team's managers change it, and only the team's people (and RevOps, admins and the exec) enroll
-- into it (src/campaigns/campaign-access.ts). null: the workspace's campaign, as before. No ON
-- DELETE action: deleting a team first gives its campaigns back to the workspace, in the same
-- transaction (src/teams/manage-teams.ts), so the row's tenant is never nulled with the team.
alter table campaigns add column team_id uuid;
alter table campaigns add constraint campaigns_team_fkey
  foreign key (client_id, team_id) references teams (client_id, team_id);
create index campaigns_team_idx on campaigns (client_id, team_id) where team_id is not null;
