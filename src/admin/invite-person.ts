// An admin invites a person: a principal with an email, a display name and roles. Letting them in
// is sign-in's job (single sign-on or an email link finds them by email); this only creates the row.
import { type Kysely, sql } from "kysely";
import { type AuditSource, auditActor, recordAudit } from "../audit/index.ts";
import { type Principal, type Role, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { lockTenant } from "../db/lock-tenant.ts";
import { BatonError } from "../errors/baton-error.ts";
import { rethrowDb } from "../errors/map-db-error.ts";
import { type PersonView, toPersonView } from "./people-rows.ts";

export interface Invite {
  email: string;
  displayName: string;
  roles: Role[];
}

export async function invitePerson(
  db: Kysely<DB>,
  actor: Principal,
  invite: Invite,
  source: AuditSource = {},
): Promise<PersonView> {
  requireRole(actor, "invite people", "admin");
  const email = invite.email.trim();
  const roles = [...new Set(invite.roles)];
  try {
    return await db.transaction().execute(async (tx) => {
      // one person per address: serialize the tenant's invites (its clients row, lock-tenant.ts)
      await lockTenant(tx, actor.clientId);
      const taken = await tx
        .selectFrom("principals")
        .select("principal_id")
        .where("client_id", "=", actor.clientId)
        .where("kind", "=", "person")
        .where(sql<string>`lower(email)`, "=", email.toLowerCase())
        .executeTakeFirst();
      if (taken) throw new BatonError("PERSON_EMAIL_TAKEN", { email, principal_id: taken.principal_id });
      const row = await tx
        .insertInto("principals")
        .values({
          client_id: actor.clientId,
          kind: "person",
          display_name: invite.displayName.trim(),
          email,
          roles,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(tx, {
        clientId: actor.clientId,
        ...auditActor(actor),
        action: "person_invited",
        target: row.principal_id,
        details: { email, display_name: row.display_name, roles },
        ...source,
      });
      return toPersonView(row);
    });
  } catch (e) {
    rethrowDb(e);
  }
}
