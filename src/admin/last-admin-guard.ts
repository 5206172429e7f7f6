// Every tenant keeps at least one active admin: nobody (an admin included, about themselves) can
// demote or deactivate the last one. The tenant's active admins are locked first, so two admins
// demoting each other at once cannot both succeed.
import { sql, type Transaction } from "kysely";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";

export async function assertKeepsAnAdmin(
  tx: Transaction<DB>,
  clientId: string,
  target: { principal_id: string; display_name: string },
  staysActiveAdmin: boolean,
): Promise<void> {
  const admins = await tx
    .selectFrom("principals")
    .select("principal_id")
    .where("client_id", "=", clientId)
    .where("kind", "=", "person")
    .where("deactivated_at", "is", null)
    .where(sql<boolean>`'admin' = any (roles)`)
    .orderBy("principal_id")
    .forUpdate()
    .execute();
  const isAdmin = admins.some((a) => a.principal_id === target.principal_id);
  if (isAdmin && !staysActiveAdmin && admins.length <= 1) {
    throw new BatonError("LAST_ADMIN", { principal: target.display_name, principal_id: target.principal_id });
  }
}
