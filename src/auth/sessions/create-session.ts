// A new server-side session at each sign-in (the id rotates: the cookie's old session, if any, is
// revoked in the same transaction). The cookie holds the opaque id; the table holds its hash.
import { type Kysely, sql } from "kysely";
import type { DB } from "../../db/database.ts";
import { hashOpaqueId, newOpaqueId } from "./opaque-id.ts";
import type { SignInMethod } from "./tables.ts";

export interface SessionLifetimes {
  idleMs: number;
  absoluteMs: number;
}

export interface NewSession {
  clientId: string;
  principalId: string;
  method: SignInMethod;
  ip?: string | null;
  userAgent?: string | null;
  /** The opaque id of the session the browser had before (rotated out). */
  previousId?: string | undefined;
}

export interface IssuedSession {
  /** Goes into the cookie, and nowhere else. */
  id: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(
  db: Kysely<DB>,
  s: NewSession,
  lifetimes: SessionLifetimes,
  now: Date,
): Promise<IssuedSession> {
  const id = newOpaqueId();
  const csrfToken = newOpaqueId();
  const expiresAt = new Date(now.getTime() + lifetimes.absoluteMs);
  await db.transaction().execute(async (tx) => {
    if (s.previousId) {
      await tx
        .updateTable("sessions")
        .set({ revoked_at: now })
        .where("id_hash", "=", hashOpaqueId(s.previousId))
        .where("revoked_at", "is", null)
        .execute();
    }
    // through the database's door (0350): it records the opening by the database's clock, and the
    // runtime role inserts no session row itself
    await sql`select baton_open_session(${s.clientId}, ${s.principalId}::uuid, ${hashOpaqueId(id)}, ${csrfToken},
      ${s.method}, ${now}::timestamptz, ${expiresAt}::timestamptz, ${s.ip ?? null},
      ${s.userAgent?.slice(0, 400) ?? null})`.execute(tx);
  });
  return { id, csrfToken, expiresAt };
}
