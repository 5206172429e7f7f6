// Batched gateSend for the engine's send phase. Same gates (1, 3, 5), same decision, same event row
// and same gate-1 termination per item as gateSend called per item in input order, but a batch of
// send items is decided with a fixed number of statements: all their contacts are locked at once
// (ordered by id, so two batches never deadlock), the snapshots are read in bulk, the decisions
// are taken in memory in input order, and the event rows are written in one insert.
import { type Kysely, sql } from "kysely";
import type { EnrollmentStatus, SequenceType } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import type { Decision } from "./contract.ts";
import { loadCapConfig } from "./coordinator-config.ts";
import { eventTypeOf } from "./event-log/write-decision-event.ts";
import { terminateEnrollment, toDecision } from "./gate-step.ts";
import { decide } from "./gates/decide.ts";
import { WINDOW_MS } from "./gates/touch-cap-gate.ts";
import type { DecisionCore } from "./gates/types.ts";

type Row = {
  id: string;
  item_status: "pending" | "drafted" | "approved" | "sent" | "failed" | "cancelled";
  step_number: number;
  channel: "email" | "linkedin";
  campaign_id: string;
  enrollment_id: string;
  contact_id: string;
  status: EnrollmentStatus;
  sequence_type: SequenceType;
  play_id: string | null;
  originating_proposal_id: string | null;
  originating_agent_id: string | null;
  account_id: string | null;
  unsubscribe_flag: boolean;
  opt_out_flag: boolean;
  time_zone: string;
  last_sales_signal_at: Date | null;
  last_marketing_signal_at: Date | null;
  icp_tier: "T1" | "T2" | "T3" | null;
  abm_active: boolean | null;
};

const SUPPRESSED = new Set([
  "compliance_block",
  "abm_active_suppression",
  "touch_cap_exceeded",
  "conflict_resolved_queued",
]);

/**
 * Decides a batch of send items. Items that are not the tenant's are left out of the map (the
 * caller treats them as skipped); a repeated id is decided once, at its first position.
 */
export async function gateSendsBatch(
  tx: Kysely<DB>,
  req: { clientId: string; sendItemIds: string[] },
  now: Date,
): Promise<Map<string, Decision>> {
  const out = new Map<string, Decision>();
  if (req.sendItemIds.length === 0) return out;
  const ids = [...new Set(req.sendItemIds)];
  // 1. lock every contact of the batch, in contact_id order
  const contacts = await sql<{ contact_id: string }>`
    select c.contact_id from contacts c
     where c.client_id = ${req.clientId}
       and c.contact_id in (select contact_id from sales_send_queue
                             where client_id = ${req.clientId} and id = any(${ids}::uuid[]))
     order by c.contact_id for update`.execute(tx);
  const contactIds = contacts.rows.map((r) => r.contact_id);
  // 2. the items with their enrollment, contact and account facts, read after the lock
  const rows = await sql<Row>`
    select i.id, i.status as item_status, i.step_number, i.channel, i.campaign_id, i.enrollment_id,
           i.contact_id, e.status, e.sequence_type, e.play_id, e.originating_proposal_id,
           e.originating_agent_id, c.account_id, c.unsubscribe_flag, c.opt_out_flag, c.time_zone,
           c.last_sales_signal_at, c.last_marketing_signal_at, a.icp_tier, a.abm_active
      from sales_send_queue i
      join campaign_contacts e on e.id = i.enrollment_id
      join contacts c on c.client_id = i.client_id and c.contact_id = i.contact_id
      left join accounts a on a.client_id = c.client_id and a.account_id = c.account_id
     where i.client_id = ${req.clientId} and i.id = any(${ids}::uuid[])`.execute(tx);
  // 3. non-transactional touches in the window of those contacts, and the cap config
  const touches = await sql<{ contact_id: string; occurred_at: Date }>`
    select contact_id, occurred_at from cadence_event_log
     where client_id = ${req.clientId} and contact_id = any(${contactIds}::uuid[]) and event_type = 'touch'
       and occurred_at > ${new Date(now.getTime() - WINDOW_MS)} and occurred_at <= ${now}
       and sequence_type is distinct from 'transactional'`.execute(tx);
  const config = await loadCapConfig(tx, req.clientId);

  const touchesOf = new Map<string, Date[]>();
  for (const t of touches.rows)
    touchesOf.set(t.contact_id, [...(touchesOf.get(t.contact_id) ?? []), t.occurred_at]);
  const rowOf = new Map(rows.rows.map((r) => [r.id, r]));
  const statusOf = new Map(rows.rows.map((r) => [r.enrollment_id, r.status]));
  const decided: { row: Row; d: DecisionCore }[] = [];
  for (const id of ids) {
    const i = rowOf.get(id);
    if (!i) continue;
    const d = decide(
      {
        sequenceType: i.sequence_type,
        contact: {
          unsubscribeFlag: i.unsubscribe_flag,
          optOutFlag: i.opt_out_flag,
          timeZone: i.time_zone,
          lastSalesSignalAt: i.last_sales_signal_at,
          lastMarketingSignalAt: i.last_marketing_signal_at,
        },
        account: i.icp_tier ? { icpTier: i.icp_tier, abmActive: i.abm_active === true } : null,
        touches: touchesOf.get(i.contact_id) ?? [],
        config,
        concurrent: [],
        transition: { kind: "send", status: statusOf.get(i.enrollment_id)!, itemStatus: i.item_status },
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
    if (d.action === "allow" && i.sequence_type !== "transactional")
      touchesOf.set(i.contact_id, [...(touchesOf.get(i.contact_id) ?? []), now]);
    decided.push({ row: i, d });
  }
  if (decided.length === 0) return out;
  // 4. writes: blocks terminate the enrollment (rare); one event row per decision
  for (const x of decided)
    if (x.d.action === "block") await terminateEnrollment(tx, x.row.enrollment_id, x.d, now);
  const events = await tx
    .insertInto("cadence_event_log")
    .values(
      decided.map(({ row: i, d }) => ({
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
        event_type: eventTypeOf("send", d),
        coordinator_action: d.action,
        resolution: d.resolution,
        gate: d.gate,
        touch_cap_at_event: d.touchCapAtEvent,
        compliance_status: d.gate === 1 ? ("blocked" as const) : ("clear" as const),
        suppressed_reason: d.reason && SUPPRESSED.has(d.reason) ? (d.reason as any) : null,
        release_at: d.until,
        originating_agent_id: i.originating_agent_id,
        play_id: i.play_id,
        originating_proposal_id: i.originating_proposal_id,
        details: JSON.stringify({
          kind: "send",
          batched: true,
          ...(d.gate === 5 ? { gate5_reason: d.reason } : {}),
          ...(d.effects.length ? { effects: d.effects } : {}),
        }),
      })),
    )
    .returning(["event_id", "send_item_id"])
    .execute();
  const eventOf = new Map(events.map((r) => [r.send_item_id!, r.event_id]));
  for (const { row: i, d } of decided) out.set(i.id, toDecision(d, eventOf.get(i.id)!));
  return out;
}
