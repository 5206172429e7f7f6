// Row types of the teams' tables (db/migrations/0410_teams.sql, 0430_territories.sql).
import type { ColumnType, Generated } from "kysely";

export const TEAM_ROLES = ["manager", "member"] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export interface TeamsTable {
  client_id: string;
  team_id: Generated<string>;
  name: string;
  description: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface TeamMembersTable {
  client_id: string;
  team_id: string;
  principal_id: string;
  role: TeamRole;
  added_at: ColumnType<Date, Date | undefined, never>;
}

export interface TerritoriesTable {
  client_id: string;
  territory_id: Generated<string>;
  name: string;
  team_id: string;
  priority: number;
  /** a TerritoryDefinition (territory-rule.ts), checked before it is written */
  definition: ColumnType<unknown, string, string>;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface TeamRoundRobinTable {
  client_id: string;
  team_id: string;
  last_principal_id: string | null;
  assigned: ColumnType<number, number | undefined, number>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface TeamsTables {
  teams: TeamsTable;
  team_members: TeamMembersTable;
  territories: TerritoriesTable;
  team_round_robin: TeamRoundRobinTable;
}

// its tables in the one DB type (src/db/database.ts imports no domain: each adds its own)
declare module "../db/database.ts" {
  interface DB extends TeamsTables {}
}
