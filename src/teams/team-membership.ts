// Which teams a person is in, and as what (issue 61): what team campaigns (src/campaigns/
// campaign-access.ts) and, later, books ask of the teams.
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import type { TeamRole } from "./tables.ts";

/** The person's role in each of their teams (team_id → role). */
export async function teamRolesOf(
  db: Kysely<DB>,
  clientId: string,
  principalId: string,
): Promise<Map<string, TeamRole>> {
  const rows = await db
    .selectFrom("team_members")
    .select(["team_id", "role"])
    .where("client_id", "=", clientId)
    .where("principal_id", "=", principalId)
    .execute();
  return new Map(rows.map((r) => [r.team_id, r.role]));
}

/** The team's name, or undefined when the tenant has no such team. */
export async function teamName(
  db: Kysely<DB>,
  clientId: string,
  teamId: string,
): Promise<string | undefined> {
  const t = await db
    .selectFrom("teams")
    .select("name")
    .where("client_id", "=", clientId)
    .where("team_id", "=", teamId)
    .executeTakeFirst();
  return t?.name;
}
