// The four proactive checks of spec 001 as queries over the enrollments and the event log. Each
// returns the situations that hold now; scan-flags.ts turns new ones into flags and notifications.
import { type Kysely, sql } from "kysely";
import { touchLeavesWindow, touchWindowStart } from "../coordinator/index.ts";
import type { DB } from "../db/database.ts";

export interface Candidate {
  client_id: string;
  dedup_key: string;
  contact_id: string | null;
  enrollment_id: string | null;
  principal_id: string | null;
  details: Record<string, unknown>;
}

const DAY_MS = 86_400_000;
const clientFilter = (clientId: string | undefined, col: string) =>
  clientId === undefined ? sql`true` : sql`${sql.ref(col)} = ${clientId}`;

/** Cap warning: exactly one non-transactional touch left in the rolling 7 days (window (now-7d, now]), with a live sequence. */
export async function capWarningCandidates(
  db: Kysely<DB>,
  now: Date,
  capFor: (clientId: string) => Promise<number>,
  clientId?: string,
): Promise<Candidate[]> {
  const since = touchWindowStart(now);
  const rows = await sql<{
    client_id: string;
    contact_id: string;
    owner: string | null;
    touches: string;
    last_event: string;
    oldest: Date;
  }>`
    select e.client_id, e.contact_id, c.owner_principal_id as owner, count(*) as touches,
           max(e.event_id) as last_event, min(e.occurred_at) as oldest
    from cadence_event_log e
    join contacts c on c.client_id = e.client_id and c.contact_id = e.contact_id
    where e.event_type = 'touch' and e.sequence_type is distinct from 'transactional'
      and e.occurred_at > ${since} and e.occurred_at <= ${now} and ${clientFilter(clientId, "e.client_id")}
      and not c.unsubscribe_flag and not c.opt_out_flag
      and exists (select 1 from campaign_contacts cc where cc.client_id = e.client_id and cc.contact_id = e.contact_id
                  and cc.status in ('queued', 'active', 'paused') and cc.sequence_type <> 'transactional')
    group by e.client_id, e.contact_id, c.owner_principal_id
    having count(*) >= 1`.execute(db);
  const caps = new Map<string, number>();
  const out: Candidate[] = [];
  for (const r of rows.rows) {
    if (!caps.has(r.client_id)) caps.set(r.client_id, await capFor(r.client_id));
    const cap = caps.get(r.client_id)!;
    if (Number(r.touches) !== cap - 1) continue;
    out.push({
      client_id: r.client_id,
      // a new touch makes a new situation; the same one is never flagged twice
      dedup_key: `${r.contact_id}:${r.last_event}`,
      contact_id: r.contact_id,
      enrollment_id: null,
      principal_id: r.owner,
      details: {
        touches_in_window: Number(r.touches),
        cap,
        touches_left: 1,
        // the oldest counted touch leaves the window 7 days after it happened
        window_frees_at: touchLeavesWindow(r.oldest).toISOString(),
      },
    });
  }
  return out;
}

/** Concurrency: a prospect in a sales AND a marketing (or nurture) sequence at once. */
export async function concurrencyCandidates(db: Kysely<DB>, clientId?: string): Promise<Candidate[]> {
  const rows = await sql<{
    client_id: string;
    contact_id: string;
    owner: string | null;
    sales_id: string;
    marketing_id: string;
    icp_tier: string | null;
    last_sales_signal_at: Date | null;
    last_marketing_signal_at: Date | null;
  }>`
    select s.client_id, s.contact_id, c.owner_principal_id as owner, min(s.id::text) as sales_id,
           min(m.id::text) as marketing_id, a.icp_tier, c.last_sales_signal_at, c.last_marketing_signal_at
    from campaign_contacts s
    join campaign_contacts m on m.client_id = s.client_id and m.contact_id = s.contact_id
      and m.status = 'active' and m.sequence_type in ('marketing', 'nurture')
    join contacts c on c.client_id = s.client_id and c.contact_id = s.contact_id
    left join accounts a on a.client_id = c.client_id and a.account_id = c.account_id
    where s.status = 'active' and s.sequence_type = 'sales' and ${clientFilter(clientId, "s.client_id")}
    group by s.client_id, s.contact_id, c.owner_principal_id, a.icp_tier, c.last_sales_signal_at, c.last_marketing_signal_at`.execute(
    db,
  );
  return rows.rows.map((r) => ({
    client_id: r.client_id,
    dedup_key: `${r.contact_id}:${r.sales_id}:${r.marketing_id}`,
    contact_id: r.contact_id,
    enrollment_id: r.sales_id,
    principal_id: r.owner,
    details: {
      sales_enrollment_id: r.sales_id,
      marketing_enrollment_id: r.marketing_id,
      icp_tier: r.icp_tier,
      last_sales_signal_at: r.last_sales_signal_at && new Date(r.last_sales_signal_at).toISOString(),
      last_marketing_signal_at:
        r.last_marketing_signal_at && new Date(r.last_marketing_signal_at).toISOString(),
    },
  }));
}

/** Stall: an active sequence with no event (and no enrollment) for 7 days or more. */
export async function stallCandidates(db: Kysely<DB>, now: Date, clientId?: string): Promise<Candidate[]> {
  const cutoff = new Date(now.getTime() - 7 * DAY_MS);
  const rows = await sql<{
    client_id: string;
    id: string;
    contact_id: string;
    owner: string | null;
    last_at: Date;
    last_event: string | null;
  }>`
    select cc.client_id, cc.id, cc.contact_id, c.owner_principal_id as owner,
           greatest(cc.enrolled_at, le.occurred_at) as last_at, le.event_id as last_event
    from campaign_contacts cc
    join contacts c on c.client_id = cc.client_id and c.contact_id = cc.contact_id
    -- the enrollment's events are its contact's: read through the contact's index (0312)
    left join lateral (
      select e.occurred_at, e.event_id from cadence_event_log e
      where e.client_id = cc.client_id and e.contact_id = cc.contact_id and e.enrollment_id = cc.id
      order by e.occurred_at desc limit 1
    ) le on true
    where cc.status = 'active' and ${clientFilter(clientId, "cc.client_id")}
      and greatest(cc.enrolled_at, le.occurred_at) <= ${cutoff}`.execute(db);
  return rows.rows.map((r) => ({
    client_id: r.client_id,
    dedup_key: `${r.id}:${r.last_event ?? "enrolled"}`,
    contact_id: r.contact_id,
    enrollment_id: r.id,
    principal_id: r.owner,
    details: {
      last_activity_at: new Date(r.last_at).toISOString(),
      stalled_days: Math.floor((now.getTime() - new Date(r.last_at).getTime()) / DAY_MS),
    },
  }));
}

/** Backlog risk: a rep owns 10 or more prospects in a paused sequence. */
export async function backlogCandidates(
  db: Kysely<DB>,
  threshold: number,
  weekLabel: string,
  clientId?: string,
): Promise<Candidate[]> {
  const rows = await sql<{ client_id: string; owner: string; paused: string; manager_id: string | null }>`
    select c.client_id, c.owner_principal_id as owner, count(distinct c.contact_id) as paused, p.manager_id
    from campaign_contacts cc
    join contacts c on c.client_id = cc.client_id and c.contact_id = cc.contact_id
    join principals p on p.client_id = c.client_id and p.principal_id = c.owner_principal_id
    where cc.status = 'paused' and ${clientFilter(clientId, "cc.client_id")}
    group by c.client_id, c.owner_principal_id, p.manager_id
    having count(distinct c.contact_id) >= ${threshold}`.execute(db);
  return rows.rows.map((r) => ({
    client_id: r.client_id,
    // re-raised at most once a week while the backlog lasts
    dedup_key: `${r.owner}:${weekLabel}`,
    contact_id: null,
    enrollment_id: null,
    principal_id: r.owner,
    details: { paused_prospects: Number(r.paused), threshold, manager_id: r.manager_id },
  }));
}
