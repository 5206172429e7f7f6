// An admin deactivates a person (their sessions end at once, their tokens are refused on the next
// request) or reactivates them (sessions and tokens ended or revoked stay so; they sign in again).
import type { Kysely } from "kysely";
import { type AuditSource, auditActor, recordAudit } from "../audit/index.ts";
import { type Principal, requireRole } from "../auth/principal.ts";
import { revokeSessionsOf } from "../auth/sessions/revoke-sessions.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { rethrowDb } from "../errors/map-db-error.ts";
import { assertKeepsAnAdmin } from "./last-admin-guard.ts";
import { loadPerson } from "./list-people.ts";
import { type PersonView, toPersonView } from "./people-rows.ts";

export async function deactivatePerson(
  db: Kysely<DB>,
  actor: Principal,
  principalId: string,
  now: Date,
  source: AuditSource = {},
): Promise<PersonView & { sessions_ended: number }> {
  requireRole(actor, "deactivate people", "admin");
  try {
    return await db.transaction().execute(async (tx) => {
      const found = await loadPerson(tx, actor.clientId, principalId);
      if (!found) throw new BatonError("NOT_FOUND", { entity: "Person", id: principalId });
      await assertKeepsAnAdmin(tx, actor.clientId, found, false);
      const person = (await loadPerson(tx, actor.clientId, principalId, true))!;
      if (person.deactivated_at !== null) return { ...toPersonView(person), sessions_ended: 0 };
      const row = await tx
        .updateTable("principals")
        .set({ deactivated_at: now })
        .where("client_id", "=", actor.clientId)
        .where("principal_id", "=", principalId)
        .returningAll()
        .executeTakeFirstOrThrow();
      const ended = await revokeSessionsOf(tx, actor.clientId, principalId, now);
      await recordAudit(tx, {
        clientId: actor.clientId,
        ...auditActor(actor),
        action: "person_deactivated",
        target: principalId,
        details: { person: person.display_name, email: person.email, sessions_ended: ended },
        ...source,
      });
      return { ...toPersonView(row), sessions_ended: ended };
    });
  } catch (e) {
    rethrowDb(e);
  }
}

export async function reactivatePerson(
  db: Kysely<DB>,
  actor: Principal,
  principalId: string,
  source: AuditSource = {},
): Promise<PersonView> {
  requireRole(actor, "reactivate people", "admin");
  try {
    return await db.transaction().execute(async (tx) => {
      const person = await loadPerson(tx, actor.clientId, principalId, true);
      if (!person) throw new BatonError("NOT_FOUND", { entity: "Person", id: principalId });
      if (person.deactivated_at === null) return toPersonView(person);
      const row = await tx
        .updateTable("principals")
        .set({ deactivated_at: null })
        .where("client_id", "=", actor.clientId)
        .where("principal_id", "=", principalId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(tx, {
        clientId: actor.clientId,
        ...auditActor(actor),
        action: "person_reactivated",
        target: principalId,
        details: { person: person.display_name, email: person.email },
        ...source,
      });
      return toPersonView(row);
    });
  } catch (e) {
    rethrowDb(e);
  }
}
