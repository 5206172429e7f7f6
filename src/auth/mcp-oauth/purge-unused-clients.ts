// The cleanup pass of the MCP OAuth server's storage (issue 73 item 2), run hourly by the
// background (src/runtime/background.ts). Registration is open, so what no person approves must
// not stay: a client carries an expiry (UNUSED_CLIENT_TTL_S) from registering until a person
// approves it (pg-adapter.ts clears it as the grant is saved). This pass
//   - deletes the clients whose expiry passed: no one approved them in time;
//   - gives an approved client whose every approval has ended (an admin's revocation, a reused
//     refresh token, the grant's own expiry) that expiry again, so it goes a day later unless a
//     person approves it anew;
//   - deletes interactions and sessions a day past their expiry, and the limits' old windows.
// Expired rows are refused on reading already; this pass keeps them from piling up. The clients
// live in a reference table and the grants in the tenants' (docs/scaling.md), so the pass reads the
// grants apart and writes the clients by key. Time is a parameter.
import type { Kysely } from "kysely";
import type { DB } from "../../db/database.ts";
import { purgeOldWindows } from "../sessions/throttle-sign-in.ts";
import { UNUSED_CLIENT_TTL_S } from "./pg-adapter.ts";

const DAY_MS = 24 * 3600_000;
const BATCH = 500;

export interface OAuthPurge {
  /** unused clients deleted */
  clients: number;
  /** approved clients whose approvals all ended, now expiring */
  orphaned: number;
  /** expired interactions and sessions deleted */
  records: number;
  /** old limit windows deleted */
  windows: number;
}

/** Of these clients, the ones a live approval (grant) of any tenant still holds. */
async function approved(db: Kysely<DB>, appIds: string[], now: Date): Promise<Set<string>> {
  if (appIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("oauth_grants")
    .select("app_id")
    .distinct()
    .where("app_id", "in", appIds)
    .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]))
    .execute();
  return new Set(rows.map((r) => r.app_id));
}

/** Sets the expiry of approved clients that no live approval holds any more; returns how many. */
async function expireOrphans(db: Kysely<DB>, now: Date): Promise<number> {
  let orphaned = 0;
  let after = "";
  for (;;) {
    const kept = (
      await db
        .selectFrom("oauth_records")
        .select("key_hash")
        .where("model", "=", "Client")
        .where("expires_at", "is", null)
        .where("key_hash", ">", after)
        .orderBy("key_hash")
        .limit(BATCH)
        .execute()
    ).map((r) => r.key_hash);
    if (kept.length === 0) return orphaned;
    after = kept[kept.length - 1];
    const live = await approved(db, kept, now);
    const orphans = kept.filter((id) => !live.has(id));
    if (orphans.length === 0) continue;
    await db
      .updateTable("oauth_records")
      .set({ expires_at: new Date(now.getTime() + UNUSED_CLIENT_TTL_S * 1000) })
      .where("model", "=", "Client")
      .where("key_hash", "in", orphans)
      .where("expires_at", "is", null)
      .execute();
    // a person who approved one of them meanwhile: the adapter cleared the expiry after saving the
    // grant, or the grant is seen here and the expiry goes again
    const since = await approved(db, orphans, now);
    if (since.size > 0)
      await db
        .updateTable("oauth_records")
        .set({ expires_at: null })
        .where("model", "=", "Client")
        .where("key_hash", "in", [...since])
        .execute();
    orphaned += orphans.length - since.size;
  }
}

export async function purgeUnusedClients(db: Kysely<DB>, now: Date): Promise<OAuthPurge> {
  const clients = await db
    .deleteFrom("oauth_records")
    .where("model", "=", "Client")
    .where("expires_at", "<", now)
    .executeTakeFirst();
  const orphaned = await expireOrphans(db, now);
  const records = await db
    .deleteFrom("oauth_records")
    .where("model", "<>", "Client")
    .where("expires_at", "<", new Date(now.getTime() - DAY_MS))
    .executeTakeFirst();
  const windows = await purgeOldWindows(db, now);
  return {
    clients: Number(clients.numDeletedRows),
    orphaned,
    records: Number(records.numDeletedRows),
    windows,
  };
}
