// Batched gateSend for the engine's send phase. Same gates (1, 3, 5), same decision, same event row
// and same gate-1 termination per item as gateSend called per item in input order, but a batch of
// send items is decided with a fixed number of statements: all their contacts are locked at once
// (ordered by id, so two batches never deadlock), the snapshots are read in bulk, the decisions
// are taken in memory in input order, and the event rows are written in one insert.

import { type Kysely, sql } from "kysely";
import type { ChannelName } from "../channels/contract.ts";
import type { EnrollmentStatus, SequenceType } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import { appendEvents } from "../event-log/index.ts";
import type { Decision } from "./contract.ts";
import { loadCapConfig } from "./coordinator-config.ts";
import { terminateEnrollment, toDecision } from "./gate-step.ts";
import { decide } from "./gates/decide.ts";
import type { DecisionCore } from "./gates/types.ts";
import {
  CONTACT_FACT_COLUMNS,
  type ContactFactRow,
  contactFacts,
  loadTouchesOf,
  lockContactsOf,
} from "./snapshot/batch-snapshot.ts";
import { factsKey, loadProspectFacts, prospectPairs } from "./snapshot/load-prospect-facts.ts";
import { lockCappedAccounts } from "./snapshot/lock-accounts.ts";
import { loadSendWindowFacts } from "./snapshot/send-window-facts.ts";
import { decisionEventRow } from "./write-decision-event.ts";

type Row = ContactFactRow & {
  id: string;
  idempotency_key: string;
  item_status: "pending" | "drafted" | "approved" | "sent" | "failed" | "cancelled";
  step_number: number;
  channel: ChannelName;
  campaign_id: string;
  enrollment_id: string;
  contact_id: string;
  status: EnrollmentStatus;
  hold_reason: string | null;
  sequence_type: SequenceType;
  play_id: string | null;
  originating_proposal_id: string | null;
  originating_agent_id: string | null;
};

/**
 * Decides a batch of send items. Items that are not the tenant's are left out of the map (the
 * caller treats them as skipped); a repeated id is decided once, at its first position.
 */
export async function gateSendsBatch(
  tx: Kysely<DB>,
  req: {
    clientId: string;
    sendItemIds: string[];
    /**
     * The caller already holds these contacts' locks in this transaction (lockContactsOf of the same
     * items, or more): they are not taken again.
     */
    lockedContactIds?: string[];
  },
  now: Date,
): Promise<Map<string, Decision>> {
  const out = new Map<string, Decision>();
  if (req.sendItemIds.length === 0) return out;
  const ids = [...new Set(req.sendItemIds)];
  // 1. lock every contact of the batch, in contact_id order
  const contactIds = req.lockedContactIds ?? (await lockContactsOf(tx, req.clientId, { sendItemIds: ids }));
  // then their accounts that have a weekly cap (issue 61 item 5), before their touches are counted
  await lockCappedAccounts(tx, req.clientId, contactIds);
  // 2. the items with their enrollment, contact and account facts, read after the lock
  const rows = await sql<Row>`
    select i.id, i.idempotency_key, i.status as item_status, i.step_number, i.channel, i.campaign_id, i.enrollment_id,
           i.contact_id, e.status, e.hold_reason, e.sequence_type, e.play_id, e.originating_proposal_id,
           e.originating_agent_id, ${CONTACT_FACT_COLUMNS}
      from sales_send_queue i
      join campaign_contacts e on e.client_id = i.client_id and e.id = i.enrollment_id
      join contacts c on c.client_id = i.client_id and c.contact_id = i.contact_id
      left join accounts a on a.client_id = c.client_id and a.account_id = c.account_id
     where i.client_id = ${req.clientId} and i.id = any(${ids}::uuid[])`.execute(tx);
  // 3. non-transactional touches in the window of those contacts, and the cap config
  const keys = rows.rows.map((r) => r.idempotency_key);
  const touchesOf = await loadTouchesOf(tx, req.clientId, contactIds, now, keys);
  const config = await loadCapConfig(tx, req.clientId);
  const prospects = await loadProspectFacts(tx, req.clientId, prospectPairs(rows.rows));
  const windows = await loadSendWindowFacts(tx, req.clientId, { sendItemIds: ids });

  const rowOf = new Map(rows.rows.map((r) => [r.id, r]));
  const statusOf = new Map(rows.rows.map((r) => [r.enrollment_id, r.status]));
  const decided: { row: Row; d: DecisionCore }[] = [];
  for (const id of ids) {
    const i = rowOf.get(id);
    if (!i) continue;
    const d = decide(
      {
        sequenceType: i.sequence_type,
        ...contactFacts(i),
        touches: touchesOf.get(i.contact_id) ?? [],
        config,
        concurrent: [],
        transition: {
          kind: "send",
          status: statusOf.get(i.enrollment_id)!,
          holdReason: i.hold_reason,
          itemStatus: i.item_status,
        },
        prospect: prospects.get(factsKey(i.contact_id, i.campaign_id)),
        sendWindow: windows.get(i.id) ?? null,
      },
      now,
    );
    if (d.action === "block" && (d.gate === 1 || d.gate === 2)) {
      const s = statusOf.get(i.enrollment_id)!;
      if (s === "queued" || s === "active" || s === "paused")
        statusOf.set(i.enrollment_id, d.gate === 1 ? "opted_out" : "cancelled");
    }
    // The caller sends every allowed item after this returns and records its touch afterwards, so
    // count that touch now: a later item of the same contact in this batch then meets the daily
    // and weekly caps exactly as after a sequential gateSend + recordTouch (transactional ones
    // never count, spec 001 gate 3).
    // The campaign's own weekly cap (issue 59) counts it the same way for the later items of the
    // same contact and campaign, and the account's (issue 61) for the later items of any contact of
    // the same account (each item's facts hold their own copy of the account's touches).
    if (d.action === "allow" && i.sequence_type !== "transactional") {
      touchesOf.set(i.contact_id, [...(touchesOf.get(i.contact_id) ?? []), now]);
      for (const [otherId, f] of windows) {
        const o = rowOf.get(otherId);
        if (f.campaignCap && o?.contact_id === i.contact_id && o.campaign_id === i.campaign_id)
          f.campaignCap.touches.push(now);
        if (f.accountCap && i.account_id !== null && f.accountCap.accountId === i.account_id)
          f.accountCap.touches.push(now);
      }
    }
    decided.push({ row: i, d });
  }
  if (decided.length === 0) return out;
  // 4. writes: blocks terminate the enrollment (rare); one event row per decision
  for (const x of decided)
    if (x.d.action === "block") await terminateEnrollment(tx, req.clientId, x.row.enrollment_id, x.d, now);
  const events = await appendEvents(
    tx,
    decided.map(({ row: i, d }) =>
      decisionEventRow(
        "send",
        d,
        {
          clientId: req.clientId,
          contactId: i.contact_id,
          accountId: i.account_id,
          enrollmentId: i.enrollment_id,
          campaignId: i.campaign_id,
          sendItemId: i.id,
          stepNumber: i.step_number,
          sequenceType: i.sequence_type,
          channel: i.channel,
          originatingAgentId: i.originating_agent_id,
          playId: i.play_id,
          originatingProposalId: i.originating_proposal_id,
          details: { batched: true },
        },
        now,
      ),
    ),
  );
  const eventOf = new Map(events.map((r) => [r.send_item_id!, r.event_id]));
  for (const { row: i, d } of decided) out.set(i.id, toDecision(d, eventOf.get(i.id)!));
  return out;
}
