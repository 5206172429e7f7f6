// Exactly one cadence_event_log row per coordinator decision (spec 001 "Schema writes":
// event_type, coordinator_action, resolution, touch_cap_at_event, compliance_status, timestamp,
// suppressed_reason on any gate block, lineage play_id/originating_proposal_id — NULL without a brain).
import type { Kysely } from "kysely";
import type { SequenceType } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import { appendEvents, type LineagedEvent } from "../event-log/index.ts";
import { assertNever } from "./gates/sides.ts";
import type { DecisionCore, DecisionKind } from "./gates/types.ts";

export interface EventContext {
  clientId: string;
  contactId: string;
  accountId: string | null;
  enrollmentId: string | null;
  campaignId: string | null;
  sendItemId?: string | null;
  stepNumber?: number | null;
  sequenceType: SequenceType;
  channel?: string | null;
  originatingAgentId?: string | null;
  actorPrincipalId?: string | null;
  playId: string | null;
  originatingProposalId: string | null;
  details?: Record<string, unknown>;
}

/** event_type per decision: allowed kinds, 'held' (gate 3), 'queued' (gate 4), 'suppressed' (gates 1-4 block, spec 001 wire 3), 'rejected' (gate 5). */
export function eventTypeOf(kind: DecisionKind, d: DecisionCore): string {
  switch (d.action) {
    case "allow":
      return kind === "activation" ? "activated" : kind === "step" ? "step_allowed" : "send_allowed";
    case "hold":
      return "held";
    case "queue":
      return "queued";
    case "block":
      return d.gate === 5 ? "rejected" : "suppressed";
    default:
      return assertNever(d.action);
  }
}

const SUPPRESSED = new Set([
  "compliance_block",
  "abm_active_suppression",
  "touch_cap_exceeded",
  "account_cap_exceeded", // issue 61 item 5: gate 3, the account's weekly cap
  "conflict_resolved_queued",
  "legal_basis_missing", // issue 15 prospect data: gate 1, a campaign requires a legal basis
  "outside_send_window",
]);

/** The event row of one decision (the batched gates insert many in one statement). */
export function decisionEventRow(
  kind: DecisionKind,
  d: DecisionCore,
  ctx: EventContext,
  now: Date,
): LineagedEvent {
  return {
    client_id: ctx.clientId,
    occurred_at: now,
    contact_id: ctx.contactId,
    account_id: ctx.accountId,
    enrollment_id: ctx.enrollmentId,
    campaign_id: ctx.campaignId,
    send_item_id: ctx.sendItemId ?? null,
    step_number: ctx.stepNumber ?? null,
    sequence_type: ctx.sequenceType,
    channel: ctx.channel ?? null,
    event_type: eventTypeOf(kind, d),
    coordinator_action: d.action,
    resolution: d.resolution,
    gate: d.gate,
    touch_cap_at_event: d.touchCapAtEvent,
    compliance_status: d.gate === 1 ? ("blocked" as const) : ("clear" as const),
    suppressed_reason: d.reason && SUPPRESSED.has(d.reason) ? (d.reason as any) : null,
    release_at: d.until,
    actor_principal_id: ctx.actorPrincipalId ?? null,
    // the enrollment's lineage as its caller read it (or the campaign's, for an activation)
    lineage: {
      play_id: ctx.playId,
      originating_proposal_id: ctx.originatingProposalId,
      originating_agent_id: ctx.originatingAgentId ?? null,
    },
    details: {
      kind,
      ...(d.gate === 5 ? { gate5_reason: d.reason } : {}),
      ...(d.effects.length ? { effects: d.effects } : {}),
      ...(ctx.details ?? {}),
    },
  };
}

export async function writeDecisionEvent(
  tx: Kysely<DB>,
  kind: DecisionKind,
  d: DecisionCore,
  ctx: EventContext,
  now: Date,
): Promise<number> {
  const [row] = await appendEvents(tx, [decisionEventRow(kind, d, ctx, now)]);
  return row.event_id;
}
