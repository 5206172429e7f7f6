// Who sends a step: one rule (issue 67 item 2), decided for a batch of one tenant's email steps in
// one statement and recorded on each send (channel_deliveries.sent_as):
// 1. a follow-up goes from the mailbox that sent the thread's first email ('thread', thread.ts);
// 2. else from the enrollment's owner's own connected mailbox ('owner': the prospect's owner,
//    contacts.owner_principal_id; several of theirs rotate). A mailbox of theirs that waits for
//    consent or is paused is still theirs: the step waits for it, with the reason, rather than go
//    out in someone else's name;
// 3. else the campaign's pool ('pool', src/mailboxes/mailbox-pools.ts);
// 4. else the deployment's default sender ('default').
// The exec's personal send of a close step is the fifth case ('exec_personal'): it goes from his
// own mailbox when he clicks Send (src/engine/personal-send.ts).
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import type { OutboundEmail } from "./channel.ts";
import type { EmailThread } from "./thread.ts";
import { inThread } from "./thread.ts";

export interface Senders {
  /** campaign id → its pool, sorted */
  pools: Map<string, string[]>;
  /** enrollment id → its owner's sending mailboxes, sorted */
  owners: Map<string, string[]>;
}

/** The pools of these campaigns and the owners' connected mailboxes of these enrollments, one statement. */
export async function loadSenders(
  db: Kysely<DB>,
  clientId: string,
  campaignIds: string[],
  enrollmentIds: string[],
): Promise<Senders> {
  const pools = new Map<string, string[]>();
  const owners = new Map<string, string[]>();
  if (campaignIds.length === 0 && enrollmentIds.length === 0) return { pools, owners };
  const r = await sql<{ kind: "pool" | "owner"; id: string; mailbox: string }>`
    select 'pool' as kind, m.campaign_id::text as id, m.mailbox
      from campaign_mailboxes m
     where m.client_id = ${clientId} and m.campaign_id = any(${[...new Set(campaignIds)]}::uuid[])
    union all
    select 'owner', e.id::text, mc.mailbox
      from campaign_contacts e
      join contacts c on c.client_id = e.client_id and c.contact_id = e.contact_id
      join mailbox_connections mc on mc.client_id = c.client_id and mc.owner_id = c.owner_principal_id
     where e.client_id = ${clientId} and e.id = any(${[...new Set(enrollmentIds)]}::uuid[])
       and mc.can_send and mc.status <> 'disconnected'
     order by 3`.execute(db);
  for (const row of r.rows) {
    const into = row.kind === "pool" ? pools : owners;
    into.set(row.id, [...(into.get(row.id) ?? []), row.mailbox]);
  }
  return { pools, owners };
}

/** The one rule for one message (the order above). */
export function chooseSender(
  m: OutboundEmail,
  o: { thread?: EmailThread; owner?: string[]; pool?: string[] },
): OutboundEmail {
  if (o.thread) return { ...inThread(m, o.thread), sentAs: "thread" };
  if (o.owner?.length) return { ...m, mailbox: undefined, mailboxPool: o.owner, sentAs: "owner" };
  if (o.pool?.length) return { ...m, mailboxPool: o.pool, sentAs: "pool" };
  return { ...m, sentAs: m.mailbox ? m.sentAs : "default" };
}
