// The campaigns' rows in the CadenceEventLog (spec 001: every request, decision, touch, reply and
// exit is explained by one append-only log).
import type { Kysely } from "kysely";
import type { SequenceType } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import { appendEvents, lineageOf, type NewEvent, NO_LINEAGE } from "../event-log/index.ts";

export type CampaignEventType =
  | "exit"
  | "on_exit_routed"
  | "on_exit_skipped"
  | "handoff_created"
  | "handoff_routed"
  | "handoff_closed"
  | "reply"
  | "paused"
  | "resumed"
  // issue 35: whether inbound mail was trusted, and a person's decision on untrusted mail
  | "inbound_trust"
  // issue 41: a scheduling tool reported a booking, or its cancellation
  | "meeting_booked"
  | "meeting_cancelled"
  // issue 56: a person (or an agent allowed to) decided a reply in the triage queue
  | "reply_decided"
  // issue 72 item 1: an automation class opened (earned), closed (a disagreement, or by hand),
  // reopened to earning by hand (triage/count-triage-decisions.ts, triage/close-automation-class.ts)
  | "automation_opened"
  | "automation_closed"
  | "automation_reopened"
  // issue 72 item 2: a candidate of the tenant's reply model, kept or not (triage/reply-models.ts)
  | "reply_model_trained";

export interface EnrollmentFacts {
  id: string;
  client_id: string;
  contact_id: string;
  campaign_id: string;
  current_step: number;
  sequence_type: SequenceType;
  originating_agent_id: string | null;
  play_id: string | null;
  originating_proposal_id: string | null;
}

export interface CampaignEvent {
  type: CampaignEventType;
  clientId: string;
  /** null: an event about no known person (inbound mail that matched nobody) */
  contactId: string | null;
  enrollment?: EnrollmentFacts | null;
  actorPrincipalId?: string | null;
  resolution?: string | null;
  details: Record<string, unknown>;
}

/** The cadence_event_log row of one campaign event, with its enrollment's lineage. */
export function campaignEventRow(e: CampaignEvent, now: Date): NewEvent {
  const en = e.enrollment ?? null;
  return {
    client_id: e.clientId,
    occurred_at: now,
    contact_id: e.contactId,
    enrollment_id: en?.id ?? null,
    campaign_id: en?.campaign_id ?? null,
    step_number: en?.current_step ?? null,
    sequence_type: en?.sequence_type ?? null,
    event_type: e.type,
    resolution: e.resolution ?? null,
    actor_principal_id: e.actorPrincipalId ?? null,
    lineage: en ? lineageOf(en) : NO_LINEAGE,
    details: e.details,
  };
}

export async function logCampaignEvent(tx: Kysely<DB>, e: CampaignEvent, now: Date): Promise<number> {
  const [row] = await appendEvents(tx, [campaignEventRow(e, now)]);
  return row.event_id;
}

/** Several events in one insert; event ids follow the order of `events`. */
export async function logCampaignEvents(tx: Kysely<DB>, events: CampaignEvent[], now: Date): Promise<void> {
  await appendEvents(
    tx,
    events.map((e) => campaignEventRow(e, now)),
  );
}
