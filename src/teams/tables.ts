// Row types of the teams' tables (db/migrations/0410_teams.sql).
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

export interface TeamsTables {
  teams: TeamsTable;
  team_members: TeamMembersTable;
}

// its tables in the one DB type (src/db/database.ts imports no domain: each adds its own)
declare module "../db/database.ts" {
  interface DB extends TeamsTables {}
}
