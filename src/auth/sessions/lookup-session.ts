// The principal of a session cookie. Refused when the session was revoked (sign-out, per-person
// revocation), passed its idle or absolute lifetime, or its person was deactivated: a deactivated
// person's sessions end at their next request.
import { type Kysely, sql } from "kysely";
import type { DB } from "../../db/database.ts";
import { BatonError } from "../../errors/baton-error.ts";
import { type Principal, withProof } from "../principal.ts";
import { toPrincipal } from "../tokens.ts";
import type { SessionLifetimes } from "./create-session.ts";
import { hashOpaqueId } from "./opaque-id.ts";
import type { SignInMethod } from "./tables.ts";

export interface ActiveSession {
  principal: Principal;
  sessionId: string;
  csrfToken: string;
  method: SignInMethod;
  expiresAt: Date;
  idleExpiresAt: Date;
}

/** last_seen_at is written at most once a minute per session, not on every request. */
const TOUCH_EVERY_MS = 60_000;

export async function lookupSession(
  db: Kysely<DB>,
  id: string | undefined,
  lifetimes: SessionLifetimes,
  now: Date,
): Promise<ActiveSession> {
  if (!id) throw new BatonError("UNAUTHENTICATED", { reason: "missing" });
  const row = await db
    .selectFrom("sessions as s")
    .innerJoin("principals as p", (j) =>
      j.onRef("p.principal_id", "=", "s.principal_id").onRef("p.client_id", "=", "s.client_id"),
    )
    .select([
      "s.session_id",
      "s.csrf_token",
      "s.method",
      "s.expires_at",
      "s.last_seen_at",
      "s.revoked_at",
      "p.principal_id",
      "p.client_id",
      "p.kind",
      "p.display_name",
      "p.roles",
      "p.agent_id",
      sql<Date | null>`p.deactivated_at`.as("deactivated_at"),
    ])
    .where("s.id_hash", "=", hashOpaqueId(id))
    .executeTakeFirst();
  if (!row) throw new BatonError("SESSION_ENDED", { reason: "unknown session" });
  if (row.revoked_at) throw new BatonError("SESSION_ENDED", { reason: "signed out or revoked" });
  if (row.deactivated_at) throw new BatonError("SESSION_ENDED", { reason: "the person was deactivated" });
  const t = now.getTime();
  if (new Date(row.expires_at).getTime() <= t) throw new BatonError("SESSION_ENDED", { reason: "expired" });
  const lastSeen = new Date(row.last_seen_at).getTime();
  if (lastSeen + lifetimes.idleMs <= t) throw new BatonError("SESSION_ENDED", { reason: "idle too long" });
  let seen = lastSeen;
  if (t - lastSeen >= TOUCH_EVERY_MS) {
    seen = t;
    await db
      .updateTable("sessions")
      .set({ last_seen_at: now })
      .where("client_id", "=", row.client_id)
      .where("session_id", "=", row.session_id)
      .execute();
  }
  return {
    // the session id is this request's proof of who acts (issue 58): the plays rules check it again
    principal: withProof(toPrincipal(row), id),
    sessionId: row.session_id,
    csrfToken: row.csrf_token,
    method: row.method,
    expiresAt: new Date(row.expires_at),
    idleExpiresAt: new Date(Math.min(seen + lifetimes.idleMs, new Date(row.expires_at).getTime())),
  };
}
