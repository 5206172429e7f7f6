// Batched recordTouch for the engine's send phase: the same 'touch' rows and contact updates as
// recordTouch called per item in input order, in five statements (lock, the window's touches,
// read, insert, update).
// Called in the transaction that ran gateSendsBatch, so the contact locks are already held; taking
// them again in contact_id order costs nothing and keeps it safe on its own.

import { type Kysely, sql } from "kysely";
import type { ChannelName } from "../channels/contract.ts";
import type { SequenceType } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { appendEvents, lineageOf } from "../event-log/index.ts";
import { loadTouchesOf, lockContactsOf } from "./snapshot/batch-snapshot.ts";

/** What a touch records of its send item, its enrollment and its contact. */
export type TouchFacts = {
  id: string;
  contact_id: string;
  campaign_id: string;
  enrollment_id: string;
  step_number: number;
  channel: ChannelName;
  sequence_type: SequenceType;
  play_id: string | null;
  originating_proposal_id: string | null;
  originating_agent_id: string | null;
  account_id: string | null;
  variant: string | null;
};

/** Records one touch per item, in order. NOT_FOUND (nothing written) when an item is not the tenant's. */
export async function recordTouchesBatch(
  tx: Kysely<DB>,
  req: {
    clientId: string;
    sendItemIds: string[];
    /** Contacts whose locks this transaction already holds (a superset of the items'): not taken again. */
    lockedContactIds?: string[];
    /**
     * Enrollments that end in this transaction right after their touch (the engine's final steps):
     * their contact is released (active_sequence_id and current_step null) in this same update, so
     * the exit finds nothing to release: one version of the contact.
     */
    endingEnrollmentIds?: ReadonlySet<string>;
    /**
     * The items' facts and their contacts' touches in the window, as this transaction read them under
     * the contacts' locks it still holds (the engine's step: its gates' snapshot, its items in
     * memory): not read again. The touches must be those the gates counted for these very sends.
     */
    known?: { items: readonly TouchFacts[]; touchesOf: ReadonlyMap<string, readonly Date[]> };
  },
  now: Date,
): Promise<void> {
  if (req.sendItemIds.length === 0) return;
  const ids = [...new Set(req.sendItemIds)];
  let touchesOf: ReadonlyMap<string, readonly Date[]>;
  let rows: readonly TouchFacts[];
  if (req.known) {
    ({ items: rows, touchesOf } = req.known);
  } else {
    const contactIds = req.lockedContactIds ?? (await lockContactsOf(tx, req.clientId, { sendItemIds: ids }));
    touchesOf = await loadTouchesOf(tx, req.clientId, contactIds, now);
    rows = (
      await sql<TouchFacts>`
        select i.id, i.contact_id, i.campaign_id, i.enrollment_id, i.step_number, i.channel, i.variant,
               e.sequence_type, e.play_id, e.originating_proposal_id, e.originating_agent_id, c.account_id
          from sales_send_queue i
          join campaign_contacts e on e.client_id = i.client_id and e.id = i.enrollment_id
          join contacts c on c.client_id = i.client_id and c.contact_id = i.contact_id
         where i.client_id = ${req.clientId} and i.id = any(${ids}::uuid[])`.execute(tx)
    ).rows;
  }
  const rowOf = new Map(rows.map((r) => [r.id, r]));
  const missing = ids.find((id) => !rowOf.has(id));
  if (missing) throw new BatonError("NOT_FOUND", { entity: "send item", id: missing });

  // Each touch counts the earlier (non-transactional) touches of this batch for the same contact,
  // as the sequential recordTouch would see them; the last item of a contact sets its cadence fields.
  const counted = new Map<string, number>();
  const lastOf = new Map<string, TouchFacts>();
  const items = req.sendItemIds.map((id) => rowOf.get(id)!);
  const values = items.map((i) => {
    let count = 0;
    if (i.sequence_type !== "transactional") {
      count = (counted.get(i.contact_id) ?? touchesOf.get(i.contact_id)?.length ?? 0) + 1;
      counted.set(i.contact_id, count);
    }
    lastOf.set(i.contact_id, i);
    return {
      client_id: req.clientId,
      occurred_at: now,
      contact_id: i.contact_id,
      account_id: i.account_id,
      enrollment_id: i.enrollment_id,
      campaign_id: i.campaign_id,
      send_item_id: i.id,
      step_number: i.step_number,
      sequence_type: i.sequence_type,
      channel: i.channel,
      event_type: "touch",
      coordinator_action: "allow" as const,
      resolution: "sent",
      touch_cap_at_event: count,
      compliance_status: "clear" as const,
      lineage: lineageOf(i),
      // the A/B variant (null: none) for the step funnels (learning, 0140)
      details: { kind: "touch", variant: i.variant },
    };
  });
  await appendEvents(tx, values);
  const last = [...lastOf.values()];
  const ends = last.map((x) => req.endingEnrollmentIds?.has(x.enrollment_id) === true);
  await sql`update contacts c
       set last_touch_at = ${now}, current_step = case when v.ends then null else v.step end,
           active_sequence_id = case when v.ends then null else v.eid end, updated_at = ${now}
      from (select unnest(${last.map((x) => x.contact_id)}::uuid[]) as cid,
                   unnest(${last.map((x) => x.enrollment_id)}::uuid[]) as eid,
                   unnest(${last.map((x) => x.step_number)}::int[]) as step,
                   unnest(${ends}::boolean[]) as ends) v
     where c.client_id = ${req.clientId} and c.contact_id = v.cid`.execute(tx);
}
