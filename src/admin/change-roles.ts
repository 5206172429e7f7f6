// An admin changes a person's roles. Roles are read from the principals table on every request
// (sessions and tokens alike), so the change applies on the person's next request; their sessions
// are not ended (docs/admin.md).
import type { Kysely } from "kysely";
import { type AuditSource, auditActor, recordAudit } from "../audit/index.ts";
import { type Principal, type Role, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { rethrowDb } from "../errors/map-db-error.ts";
import { assertKeepsAnAdmin } from "./last-admin-guard.ts";
import { loadPerson } from "./list-people.ts";
import { type PersonView, toPersonView } from "./people-rows.ts";

export async function changeRoles(
  db: Kysely<DB>,
  actor: Principal,
  principalId: string,
  roles: Role[],
  source: AuditSource = {},
): Promise<PersonView> {
  requireRole(actor, "change people's roles", "admin");
  const after = [...new Set(roles)].sort();
  try {
    return await db.transaction().execute(async (tx) => {
      const found = await loadPerson(tx, actor.clientId, principalId);
      if (!found) throw new BatonError("NOT_FOUND", { entity: "Person", id: principalId });
      // the tenant's admins are locked first (the guard), then the person: one lock order everywhere
      await assertKeepsAnAdmin(tx, actor.clientId, found, after.includes("admin"));
      const before = (await loadPerson(tx, actor.clientId, principalId, true))!;
      const row = await tx
        .updateTable("principals")
        .set({ roles: after })
        .where("client_id", "=", actor.clientId)
        .where("principal_id", "=", principalId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await auditRoleChange(tx, actor, principalId, before.roles, after, source, {
        person: before.display_name,
        email: before.email,
      });
      return toPersonView(row);
    });
  } catch (e) {
    rethrowDb(e);
  }
}

/** One role_changed audit entry when the sorted roles differ (a person's, or an agent's). */
export async function auditRoleChange(
  tx: Kysely<DB>,
  actor: Principal,
  target: string,
  before: readonly string[],
  after: readonly string[],
  source: AuditSource,
  who: Record<string, unknown>,
): Promise<void> {
  const sorted = [...before].sort();
  if (sorted.join() === after.join()) return;
  await recordAudit(tx, {
    clientId: actor.clientId,
    ...auditActor(actor),
    action: "role_changed",
    target,
    details: { ...who, before: sorted, after: [...after] },
    ...source,
  });
}
