// The send-window facts of a batch of steps or sends (issue 12), in one statement: the campaign's
// window, the zone (contact's, else account's) and country (contact's, else account's), and the
// jitter seed: the send item's idempotency key (enrollmentId:step), the same for the step that
// creates the item and for its send, so both meet the same slot of the window.
// The campaign's weekly touch cap (issue 59 item 6, 0385) rides in the same statement: the cap and
// the contact's latest `cap` touches of this campaign, which are all gate 3 needs to count it and
// to find when it frees (touch-cap-gate.ts weeklyRelease); the window itself is applied in TS.
// So does the account's (issue 61 item 5, 0400): the account's own cap, else its segment's, and the
// account's latest `cap` touches (cadence_event_log_account_touch_idx), whichever of its contacts
// they went to. The caller holds the account's lock when it counts (lock-accounts.ts).
// A tenant without account caps pays nothing for them (issue 68 item 1): the batches' statement reads
// no contact, account or segment of an item whose campaign has neither a window nor a cap, unless
// the tenant has an account cap (tenantHasAccountCaps).
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { DB } from "../../db/database.ts";
import { asSendWindow, type SendWindow, type SendWindowInput } from "../../scheduling/index.ts";

/**
 * A weekly cap and the latest touches it counts (at most `cap`): the contact's touches of one
 * campaign (the campaign's cap), or the touches to any contact of one account (the account's).
 */
export interface CampaignCapFacts {
  cap: number;
  touches: Date[];
}

/** An account's weekly cap (its own, else its segment's) and its latest touches (issue 61). */
export type AccountCapFacts = CampaignCapFacts & { accountId: string };

/** The campaign's facts for one touch: its send window (null: any time) and its weekly caps. */
export type WindowFacts = Omit<SendWindowInput, "now" | "window"> & {
  window: SendWindow | null;
  campaignCap?: CampaignCapFacts | null;
  accountCap?: AccountCapFacts | null;
};

/** Keyed by enrollment id or send item id; only those with a window, a campaign cap or an account cap. */
export interface WindowFactRow {
  id: string;
  seed: string;
  send_window: unknown;
  time_zone: string | null;
  country: string | null;
  weekly_touch_cap: number | null;
  /** timestamps (Date, or ISO strings once through row_to_json) */
  campaign_touches: (Date | string)[] | null;
  account_id: string | null;
  account_touch_cap: number | null;
  account_touches: (Date | string)[] | null;
}

/**
 * The statement of loadSendWindowFacts. gateStep embeds its columns in its one-statement snapshot
 * for one enrollment (step-snapshot.ts), by key: a generic plan takes an array parameter for 10 rows,
 * and each row's two cap subqueries below made that plan dearer than a custom one, so the plan cache
 * planned the whole snapshot again on every decision (issue 68: ~2 ms of a decision's server CPU;
 * test/budgets/cost-budget.test.ts counts the plans).
 *
 * A tenant without account caps pays nothing for them: the campaign's own filter (a window or a
 * cap, or the tenant has an account cap: tenantHasAccountCaps, one probe a statement) drops an item
 * whose campaign has neither before any of its contact, account or segment is read. With the
 * account cap's `or` alone, every item's contact, account and segment was joined before the filter
 * (0.5 ms of a 200-item batch's server time in the quarter, issue 68).
 */
export function sendWindowFactsQuery(
  clientId: string,
  of: { enrollmentIds: string[] } | { sendItemIds: string[] },
): RawBuilder<WindowFactRow> {
  const items =
    "enrollmentIds" in of
      ? sql`select id, id::text || ':' || current_step::text as seed, campaign_id, contact_id
              from campaign_contacts where client_id = ${clientId} and id = any(${of.enrollmentIds}::uuid[])`
      : sql`select id, idempotency_key as seed, campaign_id, contact_id
              from sales_send_queue where client_id = ${clientId} and id = any(${of.sendItemIds}::uuid[])`;
  return sql<WindowFactRow>`
    select ${windowFactColumns(clientId)}
      from (${items}) x
      join campaigns cp on cp.client_id = ${clientId} and cp.id = x.campaign_id
       and (cp.send_window is not null or cp.weekly_touch_cap is not null or ${tenantHasAccountCaps(clientId)})
      join contacts c on c.client_id = ${clientId} and c.contact_id = x.contact_id
      left join accounts a on a.client_id = c.client_id and a.account_id = c.account_id
      left join segments s on s.client_id = a.client_id and s.segment = a.segment
      cross join lateral (${accountCapOf(sql`s`)}) y
     where ${hasWindowFacts}`;
}

/**
 * Whether any account of the tenant, or any of its segments, has a weekly cap: a probe of
 * accounts_capped_idx and of the tenant's few segments, run once a statement (it depends on no row:
 * an InitPlan). Alone in a WHERE it is a one-time filter, run before the rest of the plan.
 */
export function tenantHasAccountCaps(clientId: string): RawBuilder<boolean> {
  return sql<boolean>`(exists (select 1 from accounts where client_id = ${clientId} and weekly_touch_cap is not null)
    or exists (select 1 from segments where client_id = ${clientId} and account_weekly_touch_cap is not null))`;
}

/** The account's weekly cap (its own, else its segment's `segment`), as the column `cap` (y). */
export const accountCapOf = (segment: RawBuilder<unknown>) =>
  sql`select coalesce(a.weekly_touch_cap, ${segment}.account_weekly_touch_cap) as cap`;

/** Whether a row of window facts has anything for gate 3: a window, a campaign cap or an account cap. */
export const hasWindowFacts = sql<boolean>`cp.send_window is not null or cp.weekly_touch_cap is not null or y.cap is not null`;

/**
 * The columns of WindowFactRow over the item `x` (id, seed, campaign_id, contact_id), its campaign
 * `cp`, contact `c`, account `a` and the account's cap `y` (gateStep's snapshot selects them over its
 * own joins). The campaign's touches: its latest `cap` of this contact (on
 * cadence_event_log_touch_idx), read only when the campaign has a cap; transactional ones never count
 * (gate 3 exempts them). The account's: its latest `cap` touches to any of its contacts (on
 * cadence_event_log_account_touch_idx), read only when the account or its segment has a cap.
 */
export function windowFactColumns(clientId: string): RawBuilder<unknown> {
  return sql`x.id, x.seed, cp.send_window, coalesce(c.time_zone, a.time_zone) as time_zone,
           coalesce(c.country, a.country) as country, cp.weekly_touch_cap,
           case when cp.weekly_touch_cap is not null then array(
             select e.occurred_at from cadence_event_log e
              where e.client_id = ${clientId} and e.contact_id = x.contact_id and e.event_type = 'touch'
                and e.campaign_id = x.campaign_id and e.sequence_type is distinct from 'transactional'
              order by e.occurred_at desc limit cp.weekly_touch_cap) end as campaign_touches,
           a.account_id, y.cap as account_touch_cap,
           case when y.cap is not null then array(
             select e.occurred_at from cadence_event_log e
              where e.client_id = ${clientId} and e.account_id = a.account_id and e.event_type = 'touch'
                and e.account_id is not null and e.sequence_type is distinct from 'transactional'
              order by e.occurred_at desc limit y.cap) end as account_touches`;
}

/** The facts of one row; null when it has neither a valid window nor a cap. */
export function toWindowFacts(row: WindowFactRow): WindowFacts | null {
  const window = asSendWindow(row.send_window);
  const campaignCap =
    row.weekly_touch_cap != null
      ? { cap: row.weekly_touch_cap, touches: (row.campaign_touches ?? []).map((t) => new Date(t)) }
      : null;
  const accountCap =
    row.account_touch_cap != null && row.account_id
      ? {
          accountId: row.account_id,
          cap: row.account_touch_cap,
          touches: (row.account_touches ?? []).map((t) => new Date(t)),
        }
      : null;
  if (!window && !campaignCap && !accountCap) return null;
  return { window, timeZone: row.time_zone, country: row.country, seed: row.seed, campaignCap, accountCap };
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
