// Outbound like a person (issue 12): a step marked thread 'follow_up' goes in the thread of the
// enrollment's earlier emails (In-Reply-To, References, "Re: <first subject>") from the mailbox
// that sent the first one; other emails go from the prospect's owner's own mailbox (issue 67), else
// rotate over the campaign's pool of mailboxes: one rule, channels/sender-rule.ts. The channel does
// the rest (channels: thread.ts, reserve-mailboxes.ts).
import type { Kysely } from "kysely";
import type { OutboundEmail } from "../channels/index.ts";
import { chooseSender, loadSenders, loadThreads } from "../channels/index.ts";
import type { DB } from "../db/database.ts";
import { stepKey } from "./create-send-items.ts";

export interface SendingItem {
  client_id: string;
  idempotency_key: string;
  enrollment_id: string;
  campaign_id: string;
  step_number: number;
  thread: "new" | "follow_up" | null;
}

/** The messages of one tenant's items (same order), threaded or given their campaign's pool. */
export async function likeAPerson(
  db: Kysely<DB>,
  items: SendingItem[],
  messages: OutboundEmail[],
): Promise<OutboundEmail[]> {
  if (items.length === 0) return messages;
  const clientId = items[0].client_id;
  const earlier = new Map<string, string[]>();
  for (const it of items)
    if (it.thread === "follow_up")
      earlier.set(
        it.idempotency_key,
        Array.from({ length: it.step_number - 1 }, (_, k) => stepKey(it.enrollment_id, k + 1)),
      );
  const threads = await loadThreads(db, clientId, earlier);
  const { pools, owners } = await loadSenders(
    db,
    clientId,
    items.map((i) => i.campaign_id),
    items.map((i) => i.enrollment_id),
  );
  // the one sender rule (sender-rule.ts); a follow-up whose earlier emails never went out starts its
  // own thread, like a first email
  return items.map((it, i) =>
    chooseSender(messages[i], {
      thread: threads.get(it.idempotency_key),
      owner: owners.get(it.enrollment_id),
      pool: pools.get(it.campaign_id),
    }),
  );
}
