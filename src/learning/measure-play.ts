// A play's outcomes over a window (spec 000 "Retrospective outcomes vs success_criteria"), measured
// from the event log and the CRM's deals: meeting rate, opportunity-create rate and ACV where the
// CRM has deal amounts (the built-in CRM keeps none, so ACV is left for RevOps to amend).
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";

export interface PlayMeasurement {
  /** enrollments in the play's campaigns that began inside the window */
  enrolled: number;
  touched: number;
  replied: number;
  meetings: number;
  /** deals of those enrollments that reached proposal or won */
  opportunities: number;
  won: number;
  meeting_rate: number | null;
  opp_create_rate: number | null;
  acv: number | null;
  acv_note: string;
}

export async function measurePlay(
  db: Kysely<DB>,
  clientId: string,
  playId: string,
  windowStart: Date,
  windowEnd: Date,
): Promise<PlayMeasurement> {
  const r = await sql<{
    enrolled: number;
    touched: number;
    replied: number;
    meetings: number;
    opportunities: number;
    won: number;
  }>`
    with en as (
      select e.id from campaign_contacts e
        join campaigns c on c.client_id = e.client_id and c.id = e.campaign_id
       where e.client_id = ${clientId} and c.play_id = ${playId}
         and e.enrolled_at >= ${windowStart} and e.enrolled_at < ${windowEnd}
    ), ev as (
      select l.enrollment_id, l.event_type, l.resolution, l.details
        from cadence_event_log l
       where l.client_id = ${clientId} and l.play_id = ${playId}
         and l.occurred_at >= ${windowStart} and l.occurred_at < ${windowEnd}
         and l.enrollment_id in (select id from en)
         and l.event_type in ('touch', 'reply', 'exit')
    ), deals as (
      select k.baton_id as enrollment_id, d.stage
        from crm_links k
        join crm_deals d on d.client_id = k.client_id and d.deal_id::text = k.external_id
       where k.client_id = ${clientId} and k.kind = 'deal' and k.adapter = 'builtin'
         and k.baton_id in (select id from en)
    )
    select (select count(*) from en)::int as enrolled,
           (select count(distinct enrollment_id) from ev where event_type = 'touch')::int as touched,
           (select count(distinct enrollment_id) from ev
             where event_type = 'reply' and coalesce(details ->> 'intent', '') <> 'out_of_office')::int as replied,
           (select count(distinct enrollment_id) from ev
             where (event_type = 'reply' and details ->> 'intent' = 'meeting')
                or (event_type = 'exit' and resolution in ('meeting', 'converted')))::int as meetings,
           (select count(distinct enrollment_id) from deals where stage in ('proposal', 'won'))::int as opportunities,
           (select count(distinct enrollment_id) from deals where stage = 'won')::int as won`.execute(db);
  const m = r.rows[0];
  const rate = (a: number) => (m.enrolled > 0 ? a / m.enrolled : null);
  return {
    ...m,
    meeting_rate: rate(m.meetings),
    opp_create_rate: rate(m.opportunities),
    acv: null,
    acv_note:
      m.won > 0
        ? `${m.won} won deal(s), but the CRM keeps no deal amounts: amend the retrospective with the ACV.`
        : "No won deals in the window.",
  };
}
