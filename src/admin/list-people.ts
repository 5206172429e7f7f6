// The people of a tenant (persons, not agents), active first, for the admin's people page.
import type { Kysely } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { type PersonView, toPersonView } from "./people-rows.ts";

export async function listPeople(
  db: Kysely<DB>,
  actor: Principal,
  opts: { includeDeactivated?: boolean } = {},
): Promise<PersonView[]> {
  requireRole(actor, "list people", "admin");
  let q = db
    .selectFrom("principals")
    .selectAll()
    .where("client_id", "=", actor.clientId)
    .where("kind", "=", "person");
  if (opts.includeDeactivated === false) q = q.where("deactivated_at", "is", null);
  const rows = await q
    .orderBy((eb) => eb("deactivated_at", "is not", null))
    .orderBy("display_name")
    .orderBy("principal_id")
    .limit(5000)
    .execute();
  return rows.map(toPersonView);
}

/** One person of the actor's tenant, or NOT_FOUND. */
export async function loadPerson(db: Kysely<DB>, clientId: string, principalId: string, forUpdate = false) {
  let q = db
    .selectFrom("principals")
    .selectAll()
    .where("client_id", "=", clientId)
    .where("principal_id", "=", principalId)
    .where("kind", "=", "person");
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}
