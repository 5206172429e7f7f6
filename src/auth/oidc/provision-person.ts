// Just-in-time provisioning (issue 11): the first SSO sign-in creates the person (kind person,
// their email, the mapped roles); every later one re-syncs name and roles from the IdP, which is
// then the source of roles for SSO people. A deactivated person is not revived.
import { type Kysely, sql } from "kysely";
import type { DB } from "../../db/database.ts";
import { BatonError } from "../../errors/baton-error.ts";
import type { Principal, Role } from "../principal.ts";
import { toPrincipal } from "../tokens.ts";

export async function provisionPerson(
  db: Kysely<DB>,
  p: { clientId: string; email: string; name: string; roles: Role[] },
): Promise<{ principal: Principal; created: boolean; previousRoles: string[] }> {
  return db.transaction().execute(async (tx) => {
    const existing = await tx
      .selectFrom("principals")
      .select(["principal_id", "roles", sql<Date | null>`deactivated_at`.as("deactivated_at")])
      .where("client_id", "=", p.clientId)
      .where("kind", "=", "person")
      .where(sql`lower(email)`, "=", p.email)
      .orderBy("created_at")
      .forUpdate()
      .executeTakeFirst();
    if (existing?.deactivated_at) {
      throw new BatonError("SSO_FAILED", { reason: "this person was deactivated in Baton; ask your admin" });
    }
    if (existing) {
      const row = await tx
        .updateTable("principals")
        .set({ roles: p.roles, display_name: p.name })
        .where("client_id", "=", p.clientId)
        .where("principal_id", "=", existing.principal_id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return { principal: toPrincipal(row), created: false, previousRoles: existing.roles };
    }
    const row = await tx
      .insertInto("principals")
      .values({ client_id: p.clientId, kind: "person", display_name: p.name, email: p.email, roles: p.roles })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { principal: toPrincipal(row), created: true, previousRoles: [] };
  });
}
