// The campaigns an activation is asked for, with their lineage and first step (spec 001 sequence
// activation; issue 14 item 7): one statement for a whole list of requests (request-activations.ts),
// and the same read for one (request-activation.ts's loadCampaign) and for a preview
// (preview-decision.ts), so every path reads a campaign alike.
import { type Kysely, sql } from "kysely";
import type { SequenceType } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";

/** A campaign with its lineage (campaign.play_id → plays.originating_proposal_id) and first step. */
export interface ActivationCampaign {
  id: string;
  slug: string;
  kind: SequenceType;
  status: "active" | "paused" | "archived";
  play_id: string | null;
  originating_proposal_id: string | null;
  step_count: number;
  first_delay_days: number | null;
}

/** The tenant's campaigns among `ids`, by id (one statement). */
export async function loadCampaigns(
  tx: Kysely<DB>,
  clientId: string,
  ids: string[],
): Promise<Map<string, ActivationCampaign>> {
  const r = await sql<ActivationCampaign>`
    select c.id, c.slug, c.kind, c.status, c.play_id, p.originating_proposal_id,
           (select count(*) from campaign_sequences s
             where s.client_id = c.client_id and s.campaign_id = c.id)::int as step_count,
           (select s.delay_days from campaign_sequences s
             where s.client_id = c.client_id and s.campaign_id = c.id and s.step_number = 1) as first_delay_days
      from campaigns c
      left join plays p on p.client_id = c.client_id and p.play_id = c.play_id
     where c.client_id = ${clientId} and c.id = any(${ids}::uuid[])`.execute(tx);
  return new Map(r.rows.map((c) => [c.id, c]));
}
