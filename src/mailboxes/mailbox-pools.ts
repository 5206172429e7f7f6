// A campaign's pool of sending mailboxes (issue 12: "a rep's several mailboxes are rotated"). The
// engine hands the pool to the channel with each message; the channel's ledger picks the least
// used mailbox of the pool that still has room today (send-with-ledger.ts).
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";

const MAILBOX = /^[^@\s<>]+@[^@\s<>]+$/;

export function isMailboxAddress(s: string): boolean {
  return MAILBOX.test(s);
}

/** The pools of these campaigns (campaign id → mailboxes, sorted); no entry = no pool. */
export async function loadMailboxPools(
  db: Kysely<DB>,
  clientId: string,
  campaignIds: string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (campaignIds.length === 0) return out;
  const rows = await db
    .selectFrom("campaign_mailboxes")
    .select(["campaign_id", "mailbox"])
    .where("client_id", "=", clientId)
    .where("campaign_id", "in", [...new Set(campaignIds)])
    .orderBy("mailbox")
    .execute();
  for (const r of rows) out.set(r.campaign_id, [...(out.get(r.campaign_id) ?? []), r.mailbox]);
  return out;
}

/** Adds or removes a mailbox from a campaign's pool; returns the pool. */
export async function setPoolMailbox(
  db: Kysely<DB>,
  clientId: string,
  campaignId: string,
  mailbox: string,
  op: "add" | "remove",
  now: Date,
): Promise<string[]> {
  if (op === "add")
    await db
      .insertInto("campaign_mailboxes")
      .values({ client_id: clientId, campaign_id: campaignId, mailbox, created_at: now })
      .onConflict((oc) => oc.columns(["client_id", "campaign_id", "mailbox"]).doNothing())
      .execute();
  else
    await db
      .deleteFrom("campaign_mailboxes")
      .where("client_id", "=", clientId)
      .where("campaign_id", "=", campaignId)
      .where("mailbox", "=", mailbox)
      .execute();
  return (await loadMailboxPools(db, clientId, [campaignId])).get(campaignId) ?? [];
}
