// The JSON shape of one cadence_event_log row in the API.
import type { Selectable } from "kysely";
import type { CadenceEventLogTable } from "../db/core-tables.ts";

export interface EventView {
  event_id: number;
  occurred_at: string;
  recorded_at: string;
  event_type: string;
  contact_id: string | null;
  account_id: string | null;
  enrollment_id: string | null;
  campaign_id: string | null;
  send_item_id: string | null;
  step_number: number | null;
  sequence_type: string | null;
  channel: string | null;
  coordinator_action: string | null;
  resolution: string | null;
  gate: number | null;
  touch_cap_at_event: number | null;
  compliance_status: string | null;
  suppressed_reason: string | null;
  release_at: string | null;
  originating_agent_id: string | null;
  actor_principal_id: string | null;
  play_id: string | null;
  originating_proposal_id: string | null;
  details: Record<string, unknown>;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function toEventView(r: Selectable<CadenceEventLogTable>): EventView {
  return {
    event_id: Number(r.event_id),
    occurred_at: iso(r.occurred_at)!,
    recorded_at: iso(r.recorded_at)!,
    event_type: r.event_type,
    contact_id: r.contact_id,
    account_id: r.account_id,
    enrollment_id: r.enrollment_id,
    campaign_id: r.campaign_id,
    send_item_id: r.send_item_id,
    step_number: r.step_number,
    sequence_type: r.sequence_type,
    channel: r.channel,
    coordinator_action: r.coordinator_action,
    resolution: r.resolution,
    gate: r.gate,
    touch_cap_at_event: r.touch_cap_at_event,
    compliance_status: r.compliance_status,
    suppressed_reason: r.suppressed_reason,
    release_at: iso(r.release_at),
    originating_agent_id: r.originating_agent_id,
    actor_principal_id: r.actor_principal_id,
    play_id: r.play_id,
    originating_proposal_id: r.originating_proposal_id,
    details: r.details ?? {},
  };
}
