// The cleanup pass of the MCP OAuth server's storage (issue 73 item 2), run hourly by the
// background (src/runtime/background.ts). Registration is open, so what no person ever approved
// must not stay: a client registered more than UNUSED_CLIENT_TTL_S ago that no person approved
// (its expires_at still set; an approval clears it, pg-adapter.ts) is deleted, with the interactions
// and sessions that expired a day ago, and the registration limit's old windows. Expired rows are
// refused on reading already; this pass only keeps them from piling up. Time is a parameter.
import type { Kysely } from "kysely";
import type { DB } from "../../db/database.ts";
import { purgeOldWindows } from "../sessions/throttle-sign-in.ts";

const DAY_MS = 24 * 3600_000;

export interface OAuthPurge {
  clients: number;
  records: number;
  windows: number;
}

export async function purgeUnusedClients(db: Kysely<DB>, now: Date): Promise<OAuthPurge> {
  const clients = await db
    .deleteFrom("oauth_records")
    .where("model", "=", "Client")
    .where("expires_at", "<", now)
    .executeTakeFirst();
  const records = await db
    .deleteFrom("oauth_records")
    .where("model", "<>", "Client")
    .where("expires_at", "<", new Date(now.getTime() - DAY_MS))
    .executeTakeFirst();
  const windows = await purgeOldWindows(db, now);
  return {
    clients: Number(clients.numDeletedRows),
    records: Number(records.numDeletedRows),
    windows,
  };
}
