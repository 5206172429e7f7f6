// The send-window facts of a batch of steps or sends (issue 12), in one statement: the campaign's
// window, the zone (contact's, else account's) and country (contact's, else account's), and the
// jitter seed: the send item's idempotency key (enrollmentId:step), the same for the step that
// creates the item and for its send, so both meet the same slot of the window.
// The campaign's weekly touch cap (issue 59 item 6, 0385) rides in the same statement: the cap and
// the contact's latest `cap` touches of this campaign, which are all gate 3 needs to count it and
// to find when it frees (touch-cap-gate.ts weeklyRelease); the window itself is applied in TS.
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { DB } from "../../db/database.ts";
import { asSendWindow, type SendWindow, type SendWindowInput } from "../../scheduling/send-window.ts";

/** A campaign's weekly cap and the contact's latest touches of that campaign (at most `cap`). */
export interface CampaignCapFacts {
  cap: number;
  touches: Date[];
}

/** The campaign's facts for one touch: its send window (null: any time) and its weekly cap. */
export type WindowFacts = Omit<SendWindowInput, "now" | "window"> & {
  window: SendWindow | null;
  campaignCap?: CampaignCapFacts | null;
};

/** Keyed by enrollment id or send item id; only those whose campaign has a window or a cap. */
export interface WindowFactRow {
  id: string;
  seed: string;
  send_window: unknown;
  time_zone: string | null;
  country: string | null;
  weekly_touch_cap: number | null;
  /** timestamps (Date, or ISO strings once through row_to_json) */
  campaign_touches: (Date | string)[] | null;
}

/** The statement of loadSendWindowFacts (gateStep embeds it in its one-statement snapshot). */
export function sendWindowFactsQuery(
  clientId: string,
  of: { enrollmentIds: string[] } | { sendItemIds: string[] },
): RawBuilder<WindowFactRow> {
  const ids = "enrollmentIds" in of ? of.enrollmentIds : of.sendItemIds;
  const items =
    "enrollmentIds" in of
      ? sql`select id, id::text || ':' || current_step::text as seed, campaign_id, contact_id
              from campaign_contacts where client_id = ${clientId} and id = any(${ids}::uuid[])`
      : sql`select id, idempotency_key as seed, campaign_id, contact_id
              from sales_send_queue where client_id = ${clientId} and id = any(${ids}::uuid[])`;
  // the campaign's touches: its latest `cap` of this contact (on cadence_event_log_touch_idx), read
  // only when the campaign has a cap; transactional ones never count (gate 3 exempts them)
  return sql<WindowFactRow>`
    select x.id, x.seed, cp.send_window, coalesce(c.time_zone, a.time_zone) as time_zone,
           coalesce(c.country, a.country) as country, cp.weekly_touch_cap,
           case when cp.weekly_touch_cap is not null then array(
             select e.occurred_at from cadence_event_log e
              where e.client_id = ${clientId} and e.contact_id = x.contact_id and e.event_type = 'touch'
                and e.campaign_id = x.campaign_id and e.sequence_type is distinct from 'transactional'
              order by e.occurred_at desc limit cp.weekly_touch_cap) end as campaign_touches
      from (${items}) x
      join campaigns cp on cp.client_id = ${clientId} and cp.id = x.campaign_id
      join contacts c on c.client_id = ${clientId} and c.contact_id = x.contact_id
      left join accounts a on a.client_id = c.client_id and a.account_id = c.account_id
     where cp.send_window is not null or cp.weekly_touch_cap is not null`;
}

/** The facts of one row; null when the campaign has neither a valid window nor a cap. */
export function toWindowFacts(row: WindowFactRow): WindowFacts | null {
  const window = asSendWindow(row.send_window);
  const campaignCap =
    row.weekly_touch_cap != null
      ? { cap: row.weekly_touch_cap, touches: (row.campaign_touches ?? []).map((t) => new Date(t)) }
      : null;
  if (!window && !campaignCap) return null;
  return { window, timeZone: row.time_zone, country: row.country, seed: row.seed, campaignCap };
}

export async function loadSendWindowFacts(
  tx: Kysely<DB>,
  clientId: string,
  of: { enrollmentIds: string[] } | { sendItemIds: string[] },
): Promise<Map<string, WindowFacts>> {
  const out = new Map<string, WindowFacts>();
  const ids = "enrollmentIds" in of ? of.enrollmentIds : of.sendItemIds;
  if (ids.length === 0) return out;
  const r = await sendWindowFactsQuery(clientId, of).execute(tx);
  for (const row of r.rows) {
    const facts = toWindowFacts(row);
    if (facts) out.set(row.id, facts);
  }
  return out;
}
