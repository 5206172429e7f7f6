// Demo: one team, so the Teams page shows who manages whom from the first start: the sales leader
// manages the mid-market team, and the rep works in it. Idempotent (a team of that name is kept).
import type { Seeder } from "./seeder.ts";

export const seedTeams: Seeder = async ({ db, clientId, principals }) => {
  const slm = principals.slm;
  const rep = principals.rep;
  if (!slm || !rep) return;
  const name = "Mid-market sales";
  await db
    .insertInto("teams")
    .values({ client_id: clientId, name, description: "The mid-market segment's reps and their manager." })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const team = await db
    .selectFrom("teams")
    .select("team_id")
    .where("client_id", "=", clientId)
    .where("name", "=", name)
    .executeTakeFirstOrThrow();
  await db
    .insertInto("team_members")
    .values([
      { client_id: clientId, team_id: team.team_id, principal_id: slm.principalId, role: "manager" },
      { client_id: clientId, team_id: team.team_id, principal_id: rep.principalId, role: "member" },
    ])
    .onConflict((oc) => oc.doNothing())
    .execute();
};
