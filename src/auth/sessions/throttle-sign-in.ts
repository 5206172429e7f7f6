// Sign-in rate limits (issue 11), DB-backed so they hold across processes and restarts: attempts
// per bucket in fixed 15-minute windows, counted by one upsert (the row lock orders concurrent
// attempts). Buckets: 'ip:<sha256>' across tenants, 'email:<client>:<sha256 of the address>'.
import { type Kysely, sql } from "kysely";
import type { DB } from "../../db/database.ts";
import { BatonError } from "../../errors/baton-error.ts";
import { hashOpaqueId } from "./opaque-id.ts";

export const SIGN_IN_WINDOW_MS = 15 * 60_000;
export const SIGN_IN_LIMITS = { perAddress: 5, perIp: 30 } as const;

/**
 * Counts one attempt in the bucket's current window, and says how many there were; the same
 * fixed windows and table serve other per-address limits (the MCP clients' registration,
 * src/auth/mcp-oauth/throttle-registration.ts) under their own bucket prefix.
 */
export async function countInWindow(
  db: Kysely<DB>,
  bucket: string,
  now: Date,
): Promise<{ attempts: number; retryAfterS: number }> {
  const start = new Date(Math.floor(now.getTime() / SIGN_IN_WINDOW_MS) * SIGN_IN_WINDOW_MS);
  const row = await db
    .insertInto("sign_in_throttle")
    .values({ bucket, window_start: start, attempts: 1 })
    .onConflict((oc) =>
      oc.columns(["bucket", "window_start"]).doUpdateSet({ attempts: sql`sign_in_throttle.attempts + 1` }),
    )
    .returning("attempts")
    .executeTakeFirstOrThrow();
  const retry = Math.ceil((start.getTime() + SIGN_IN_WINDOW_MS - now.getTime()) / 1000);
  return { attempts: row.attempts, retryAfterS: Math.max(1, retry) };
}

async function take(db: Kysely<DB>, bucket: string, limit: number, scope: string, now: Date): Promise<void> {
  const { attempts, retryAfterS } = await countInWindow(db, bucket, now);
  if (attempts > limit) throw new BatonError("SIGN_IN_RATE_LIMITED", { scope, retry_after_s: retryAfterS });
}

/** Drops the windows that ended before the last one: they count nothing. Returns how many went. */
export async function purgeOldWindows(db: Kysely<DB>, now: Date): Promise<number> {
  const gone = await db
    .deleteFrom("sign_in_throttle")
    .where("window_start", "<", new Date(now.getTime() - 2 * SIGN_IN_WINDOW_MS))
    .executeTakeFirst();
  return Number(gone.numDeletedRows);
}

/** Counts one attempt for the IP and (when given) the address; throws SIGN_IN_RATE_LIMITED over a limit. */
export async function throttleSignIn(
  db: Kysely<DB>,
  who: { ip: string; clientId?: string; email?: string },
  now: Date,
): Promise<void> {
  await take(db, `ip:${hashOpaqueId(who.ip)}`, SIGN_IN_LIMITS.perIp, "IP address", now);
  if (who.email && who.clientId) {
    const key = `email:${who.clientId}:${hashOpaqueId(who.email.toLowerCase())}`;
    await take(db, key, SIGN_IN_LIMITS.perAddress, "email address", now);
  }
  // old windows are worth nothing: drop them now and then (1 in 50 attempts; and hourly, with the
  // MCP clients' registrations, src/auth/mcp-oauth/purge-unused-clients.ts)
  if (Math.random() < 0.02) await purgeOldWindows(db, now);
}
