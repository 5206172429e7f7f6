// Batched gateStep for the engine's claim loop (issue 3: "Batch the claims if one decision per
// transaction cannot reach it"). Same gates, same writes, same event row per decision as gateStep,
// but a batch of due enrollments is decided in ONE transaction with a fixed number of statements:
// all their contacts are locked at once (ordered by id, so two batches never deadlock), the
// snapshots are read in bulk, the decisions are taken in memory in order, and the event rows and
// updates are written in bulk.
import { type Kysely, sql } from "kysely";
import type { EnrollmentStatus, SequenceType } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import { applyEffects } from "./apply-effects.ts";
import type { Decision } from "./contract.ts";
import { loadCapConfig } from "./coordinator-config.ts";
import { eventTypeOf } from "./event-log/write-decision-event.ts";
import { terminateEnrollment, toDecision } from "./gate-step.ts";
import { decide } from "./gates/decide.ts";
import { WINDOW_MS } from "./gates/touch-cap-gate.ts";
import type { DecisionCore } from "./gates/types.ts";

type Row = {
  id: string;
  contact_id: string;
  status: EnrollmentStatus;
  current_step: number;
  campaign_id: string;
  sequence_type: SequenceType;
  play_id: string | null;
  originating_proposal_id: string | null;
  originating_agent_id: string | null;
  step_count: number;
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

export async function gateStepsBatch(
  tx: Kysely<DB>,
  req: { clientId: string; enrollmentIds: string[] },
  now: Date,
): Promise<Map<string, Decision>> {
  const out = new Map<string, Decision>();
  if (req.enrollmentIds.length === 0) return out;
  const ids = [...new Set(req.enrollmentIds)];
  // 1. lock every contact of the batch, in contact_id order
  const contacts = await sql<{ contact_id: string }>`
    select c.contact_id from contacts c
     where c.client_id = ${req.clientId}
       and c.contact_id in (select contact_id from campaign_contacts where id = any(${ids}::uuid[]))
     order by c.contact_id for update`.execute(tx);
  const contactIds = contacts.rows.map((r) => r.contact_id);
  // 2. the enrollments with their contact and account facts, read after the lock
  const rows = await sql<Row>`
    select e.id, e.contact_id, e.status, e.current_step, e.campaign_id, e.sequence_type, e.play_id,
           e.originating_proposal_id, e.originating_agent_id,
           (select count(*) from campaign_sequences s where s.campaign_id = e.campaign_id)::int as step_count,
           c.account_id, c.unsubscribe_flag, c.opt_out_flag, c.time_zone, c.last_sales_signal_at,
           c.last_marketing_signal_at, a.icp_tier, a.abm_active
      from campaign_contacts e
      join contacts c on c.client_id = e.client_id and c.contact_id = e.contact_id
      left join accounts a on a.client_id = c.client_id and a.account_id = c.account_id
     where e.client_id = ${req.clientId} and e.id = any(${ids}::uuid[])`.execute(tx);
  // 3. touches in the window and live enrollments of those contacts
  const touches = await sql<{ contact_id: string; occurred_at: Date }>`
    select contact_id, occurred_at from cadence_event_log
     where client_id = ${req.clientId} and contact_id = any(${contactIds}::uuid[]) and event_type = 'touch'
       and occurred_at > ${new Date(now.getTime() - WINDOW_MS)} and occurred_at <= ${now}
       and sequence_type is distinct from 'transactional'`.execute(tx);
  const live = await sql<{
    id: string;
    contact_id: string;
    sequence_type: SequenceType;
    status: EnrollmentStatus;
  }>`
    select id, contact_id, sequence_type, status from campaign_contacts
     where client_id = ${req.clientId} and contact_id = any(${contactIds}::uuid[])
       and status in ('queued', 'active', 'paused')`.execute(tx);
  const config = await loadCapConfig(tx, req.clientId);

  const touchesOf = new Map<string, Date[]>();
  for (const t of touches.rows)
    touchesOf.set(t.contact_id, [...(touchesOf.get(t.contact_id) ?? []), t.occurred_at]);
  const liveRows = live.rows.map((r) => ({ ...r }));
  const decided: { row: Row; d: DecisionCore }[] = [];
  for (const e of rows.rows) {
    const d = decide(
      {
        sequenceType: e.sequence_type,
        contact: {
          unsubscribeFlag: e.unsubscribe_flag,
          optOutFlag: e.opt_out_flag,
          timeZone: e.time_zone,
          lastSalesSignalAt: e.last_sales_signal_at,
          lastMarketingSignalAt: e.last_marketing_signal_at,
        },
        account: e.icp_tier ? { icpTier: e.icp_tier, abmActive: e.abm_active === true } : null,
        touches: touchesOf.get(e.contact_id) ?? [],
        config,
        concurrent: liveRows
          .filter((x) => x.contact_id === e.contact_id && x.id !== e.id && x.status !== "cancelled")
          .map((x) => ({ enrollmentId: x.id, sequenceType: x.sequence_type, status: x.status })),
        transition: { kind: "step", status: e.status, currentStep: e.current_step, stepCount: e.step_count },
      },
      now,
    );
    if (d.action === "block" && (d.gate === 1 || d.gate === 2)) {
      for (const x of liveRows) if (x.id === e.id) x.status = "cancelled";
    }
    decided.push({ row: e, d });
  }
  // 4. writes: held/queued steps wait; allowed ones mark the contact; blocks terminate (rare)
  const waits = decided.filter((x) => x.d.action === "hold" || x.d.action === "queue");
  if (waits.length) {
    await sql`update campaign_contacts e set next_send_at = v.until, updated_at = ${now}
      from (select unnest(${waits.map((x) => x.row.id)}::uuid[]) as id,
                   unnest(${waits.map((x) => x.d.until!.toISOString())}::timestamptz[]) as until) v
     where e.id = v.id`.execute(tx);
  }
  const allowed = decided.filter((x) => x.d.action === "allow");
  if (allowed.length) {
    await sql`update contacts c set active_sequence_id = v.eid, current_step = v.step
      from (select unnest(${allowed.map((x) => x.row.contact_id)}::uuid[]) as cid,
                   unnest(${allowed.map((x) => x.row.id)}::uuid[]) as eid,
                   unnest(${allowed.map((x) => x.row.current_step)}::int[]) as step) v
     where c.client_id = ${req.clientId} and c.contact_id = v.cid`.execute(tx);
  }
  for (const x of decided) if (x.d.action === "block") await terminateEnrollment(tx, x.row.id, x.d, now);
  const events = await tx
    .insertInto("cadence_event_log")
    .values(
      decided.map(({ row: e, d }) => ({
        client_id: req.clientId,
        occurred_at: now,
        contact_id: e.contact_id,
        account_id: e.account_id,
        enrollment_id: e.id,
        campaign_id: e.campaign_id,
        step_number: e.current_step,
        sequence_type: e.sequence_type,
        event_type: eventTypeOf("step", d),
        coordinator_action: d.action,
        resolution: d.resolution,
        gate: d.gate,
        touch_cap_at_event: d.touchCapAtEvent,
        compliance_status: d.gate === 1 ? ("blocked" as const) : ("clear" as const),
        suppressed_reason: d.reason && SUPPRESSED.has(d.reason) ? (d.reason as any) : null,
        release_at: d.until,
        originating_agent_id: e.originating_agent_id,
        play_id: e.play_id,
        originating_proposal_id: e.originating_proposal_id,
        details: JSON.stringify({
          kind: "step",
          batched: true,
          ...(d.gate === 5 ? { gate5_reason: d.reason } : {}),
          ...(d.effects.length ? { effects: d.effects } : {}),
        }),
      })),
    )
    .returning(["event_id", "enrollment_id"])
    .execute();
  const eventOf = new Map(events.map((r) => [r.enrollment_id!, r.event_id]));
  for (const { row: e, d } of decided) {
    const eventId = eventOf.get(e.id)!;
    if (d.effects.length) {
      await applyEffects(
        tx,
        d.effects,
        {
          clientId: req.clientId,
          contactId: e.contact_id,
          enrollmentId: e.id,
          campaignId: e.campaign_id,
          eventId,
          sequenceType: e.sequence_type,
        },
        e.originating_agent_id,
        now,
      );
    }
    out.set(e.id, toDecision(d, eventId));
  }
  return out;
}
