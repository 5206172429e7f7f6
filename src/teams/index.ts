// The teams module's door (issue 70 item 2): outside src/teams, code imports this file (or contract.ts)
// and nothing else; .dependency-cruiser.cjs's rule one-door-per-folder holds it.
export { assignContactOwners } from "./assign-owners.ts";
export {
  changeTeam,
  createTeam,
  deleteTeam,
  getTeam,
  listTeams,
  removeTeamMember,
  setTeamMember,
} from "./manage-teams.ts";
export { changeTerritory, createTerritory, deleteTerritory, listTerritories } from "./manage-territories.ts";
export { assignUnownedContacts, setAccountOwner, setCrmUserId } from "./set-owners.ts";
export type { TeamRole } from "./tables.ts";
export { teamErrors } from "./team-errors.ts";
export { teamName, teamRolesOf } from "./team-membership.ts";
export { territoryErrors } from "./territory-errors.ts";
export { definitionSql, parseDefinition, TerritoryDefinition, territoryCaseSql } from "./territory-rule.ts";
