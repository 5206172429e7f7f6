// The demo's public doors: the fixed bt_demo_* tokens (README, the workspace's one-click sign-in)
// and the sessions of demo sign-in. They open only in demo mode: a start without BATON_DEMO closes
// them (issue 36 item 11: the tokens kept working after a restart with BATON_DEMO=false), and a
// demo start opens them again.
import type { Kysely } from "kysely";
import { hashToken } from "../auth/tokens.ts";
import type { DB } from "../db/database.ts";
import { demoPrincipals } from "./demo-principals.ts";

const demoTokenHashes = () => demoPrincipals.map((p) => hashToken(p.token));

/** Revokes every bt_demo_* token and ends every demo sign-in session; returns how many closed. */
export async function closeDemoAccess(
  db: Kysely<DB>,
  now: Date,
): Promise<{ tokens: number; sessions: number }> {
  const tokens = await db
    .updateTable("api_tokens")
    .set({ revoked_at: now })
    .where("token_hash", "in", demoTokenHashes())
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  const sessions = await db
    .updateTable("sessions")
    .set({ revoked_at: now })
    .where("method", "=", "demo")
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return { tokens: Number(tokens.numUpdatedRows), sessions: Number(sessions.numUpdatedRows) };
}

/** In demo mode, the demo tokens a start without demo revoked work again. */
export async function reopenDemoTokens(db: Kysely<DB>): Promise<void> {
  await db
    .updateTable("api_tokens")
    .set({ revoked_at: null })
    .where("token_hash", "in", demoTokenHashes())
    .where("revoked_at", "is not", null)
    .execute();
}
