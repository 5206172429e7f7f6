// An admin ends every session of one person ("sign out everywhere") without deactivating them:
// each of their browsers is signed out on its next request (SESSION_ENDED); their API tokens are
// untouched, and they may sign in again at once. Audited as sessions_revoked, even when no session
// was live (the admin's intent is the record). An admin may do it to themselves.
import type { Kysely } from "kysely";
import { type AuditSource, auditActor, recordAudit } from "../audit/index.ts";
import { type Principal, requireRole } from "../auth/principal.ts";
import { revokeSessionsOf } from "../auth/sessions/revoke-sessions.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { rethrowDb } from "../errors/map-db-error.ts";
import { loadPerson } from "./list-people.ts";

export interface SessionsRevoked {
  principal_id: string;
  display_name: string;
  sessions_ended: number;
}

export async function revokePersonSessions(
  db: Kysely<DB>,
  actor: Principal,
  principalId: string,
  now: Date,
  source: AuditSource = {},
): Promise<SessionsRevoked> {
  requireRole(actor, "end people's sessions", "admin");
  try {
    return await db.transaction().execute(async (tx) => {
      const person = await loadPerson(tx, actor.clientId, principalId);
      if (!person) throw new BatonError("NOT_FOUND", { entity: "Person", id: principalId });
      const ended = await revokeSessionsOf(tx, actor.clientId, principalId, now);
      await recordAudit(tx, {
        clientId: actor.clientId,
        ...auditActor(actor),
        action: "sessions_revoked",
        target: principalId,
        details: { person: person.display_name, email: person.email, sessions_ended: ended },
        ...source,
      });
      return { principal_id: principalId, display_name: person.display_name, sessions_ended: ended };
    });
  } catch (e) {
    rethrowDb(e);
  }
}
