// What adding a suppression does to the people it covers, in the adder's transaction: lock their
// contact rows (contact_id order, the lock order used everywhere: contacts, then enrollments, then
// send items), end every live enrollment, cancel every unsent send item and pending draft, and log
// one 'suppressed' event per contact. The send path (gateSend / gateSendsBatch) takes the same
// contact lock and reads the suppression lists in a later statement of its own transaction, so no
// send starts after this commits (docs/prospect-data.md "Why no send starts after the commit").
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { appendEvents, NO_LINEAGE } from "../event-log/index.ts";

const UNSENT = ["pending", "drafted", "approved"];

export interface StopResult {
  contacts: number;
  enrollmentsEnded: number;
  itemsCancelled: number;
}

/**
 * Why the touches stop when it is not a suppression (the default): a CRM of record deleted the
 * person (src/crm/apply-crm-changes.ts). Not a compliance block: no gate, no suppressed_reason.
 */
export interface StopEvent {
  eventType: string;
  resolution: string;
  /** the enrollments' exit_reason and status, when the reason is one of its own (a job change: left_company, exited) */
  exit?: { reason: string; status: "exited" | "cancelled" };
}

/** `match` selects the covered contacts from `contacts c` (a sql fragment on c.*). */
export async function stopTouchesOf(
  tx: Kysely<DB>,
  clientId: string,
  match: ReturnType<typeof sql>,
  why: {
    suppressionId: string | null;
    kind: string;
    source: string;
    actor: { principalId?: string | null; agentId?: string | null } | null;
  },
  now: Date,
  as?: StopEvent,
): Promise<StopResult> {
  const locked = await sql<{ contact_id: string; account_id: string | null }>`
    select c.contact_id, c.account_id from contacts c
     where c.client_id = ${clientId} and (${match})
     order by c.contact_id for update of c`.execute(tx);
  const ids = locked.rows.map((r) => r.contact_id);
  if (ids.length === 0) return { contacts: 0, enrollmentsEnded: 0, itemsCancelled: 0 };
  const reason = as?.exit?.reason ?? (as ? `${as.resolution}:${why.kind}` : `suppressed:${why.kind}`);
  const ended = await sql<{ id: string; contact_id: string }>`
    update campaign_contacts set status = ${as?.exit?.status ?? "cancelled"}, exited_at = ${now}, exit_reason = ${reason},
           next_send_at = null, updated_at = ${now}
     where client_id = ${clientId} and contact_id = any(${ids}::uuid[])
       and status in ('queued', 'active', 'paused')
     returning id, contact_id`.execute(tx);
  const items = await sql<{ id: string; contact_id: string; staged_draft_id: string | null }>`
    update sales_send_queue set status = 'cancelled', error = ${reason}, updated_at = ${now}
     where client_id = ${clientId} and contact_id = any(${ids}::uuid[]) and status = any(${UNSENT}::text[])
     returning id, contact_id, staged_draft_id`.execute(tx);
  const draftIds = items.rows.map((i) => i.staged_draft_id).filter((x): x is string => x !== null);
  if (draftIds.length > 0) {
    await sql`update staged_drafts set status = 'cancelled', reject_reason = ${reason}
               where client_id = ${clientId} and id = any(${draftIds}::uuid[]) and status = 'pending'`.execute(
      tx,
    );
  }
  await sql`update contacts set active_sequence_id = null
             where client_id = ${clientId} and contact_id = any(${ids}::uuid[]) and active_sequence_id is not null`.execute(
    tx,
  );
  const endedBy = countBy(ended.rows.map((r) => r.contact_id));
  const itemsBy = countBy(items.rows.map((r) => r.contact_id));
  await appendEvents(
    tx,
    locked.rows.map((c) => ({
      client_id: clientId,
      occurred_at: now,
      contact_id: c.contact_id,
      account_id: c.account_id,
      event_type: as?.eventType ?? "suppressed",
      coordinator_action: "block" as const,
      resolution: as?.resolution ?? "suppression_list",
      gate: as ? null : 1,
      compliance_status: as ? null : ("blocked" as const),
      suppressed_reason: as ? null : ("compliance_block" as const),
      actor_principal_id: why.actor?.principalId ?? null,
      originating_agent_id: why.actor?.agentId ?? null,
      lineage: NO_LINEAGE,
      // ids and counts only: the address itself is personal data and stays in the list
      details: {
        kind: as ? as.eventType : "suppression_added",
        ...(why.suppressionId === null ? {} : { suppression_id: why.suppressionId }),
        suppression_kind: why.kind,
        source: why.source,
        enrollments_ended: endedBy.get(c.contact_id) ?? 0,
        items_cancelled: itemsBy.get(c.contact_id) ?? 0,
      },
    })),
  );
  return { contacts: ids.length, enrollmentsEnded: ended.rows.length, itemsCancelled: items.rows.length };
}

function countBy(keys: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}
