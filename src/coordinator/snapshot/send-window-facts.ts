// The send-window facts of a batch of steps or sends (issue 12), in one statement: the campaign's
// window, the zone (contact's, else account's) and country (contact's, else account's), and the
// jitter seed: the send item's idempotency key (enrollmentId:step), the same for the step that
// creates the item and for its send, so both meet the same slot of the window.
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { DB } from "../../db/database.ts";
import { asSendWindow, type SendWindowInput } from "../../scheduling/send-window.ts";

export type WindowFacts = Omit<SendWindowInput, "now">;

/** Keyed by enrollment id or send item id; only those whose campaign has a window. */
export interface WindowFactRow {
  id: string;
  seed: string;
  send_window: unknown;
  time_zone: string | null;
  country: string | null;
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
  return sql<WindowFactRow>`
    select x.id, x.seed, cp.send_window, coalesce(c.time_zone, a.time_zone) as time_zone,
           coalesce(c.country, a.country) as country
      from (${items}) x
      join campaigns cp on cp.client_id = ${clientId} and cp.id = x.campaign_id
      join contacts c on c.client_id = ${clientId} and c.contact_id = x.contact_id
      left join accounts a on a.client_id = c.client_id and a.account_id = c.account_id
     where cp.send_window is not null`;
}

/** The facts of one row; null when the campaign's window is not a valid one. */
export function toWindowFacts(row: WindowFactRow): WindowFacts | null {
  const window = asSendWindow(row.send_window);
  return window ? { window, timeZone: row.time_zone, country: row.country, seed: row.seed } : null;
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
