// Ending sessions on the server: one (sign-out) or all of a person's (deactivation, role change,
// "sign out everywhere"). The next request with a revoked session's cookie is refused.
import type { Kysely, Transaction } from "kysely";
import type { DB } from "../../db/database.ts";
import { hashOpaqueId } from "./opaque-id.ts";

/** Revokes every live session of a person; returns how many ended. */
export async function revokeSessionsOf(
  db: Kysely<DB> | Transaction<DB>,
  clientId: string,
  principalId: string,
  now: Date = new Date(),
): Promise<number> {
  const r = await db
    .updateTable("sessions")
    .set({ revoked_at: now })
    .where("client_id", "=", clientId)
    .where("principal_id", "=", principalId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Revokes the session a cookie holds (sign-out). */
export async function revokeSession(db: Kysely<DB>, id: string, now: Date): Promise<void> {
  await db
    .updateTable("sessions")
    .set({ revoked_at: now })
    .where("id_hash", "=", hashOpaqueId(id))
    .where("revoked_at", "is", null)
    .execute();
}
