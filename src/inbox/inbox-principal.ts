// Replies and bounces read from a mailbox are submitted by the tenant's mailbox-ingester agent
// (agent id AGT-1200; agent ids are AGT-NNN by constraint), so the event log and campaign_replies name who submitted them.
import type { Kysely } from "kysely";
import { createPrincipal } from "../auth/create-principal.ts";
import type { Principal } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";

export const INBOX_AGENT_ID = "AGT-1200";

export function ensureInboxPrincipal(db: Kysely<DB>, clientId: string): Promise<Principal> {
  return createPrincipal(db, { clientId, displayName: "Mailbox ingester", agentId: INBOX_AGENT_ID });
}
