// The RevOps dashboard's aggregates (spec 000 calibration signals + spec 001 event log), one query
// each, tenant-scoped and bounded by time so they stay fast over millions of events.
import { type Kysely, sql } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";

/** spec 000: AGT-901 eval target, promotion rate >= 30% per quarter. */
export const PROMOTION_TARGET = 0.3;
const DAY = 86_400_000;

export interface Dashboard {
  generated_at: string;
  segments: { segment: string; name: string; active: number; cap: number }[];
  review_threshold: number;
  active_over_time: { week: string; active: number }[];
  promotion: { agent_id: string; quarter: string; drafted: number; promoted: number; rate: number }[];
  promotion_target: number;
  edit_volume: { agent_id: string; plays: number; edits: number; per_play: number }[];
  touches_per_day: { day: string; touches: number }[];
  suppressions: { reason: string; action: string; count: number }[];
  cohorts: {
    cohort: "brain" | "other";
    /** active-or-retired plays (brain) / campaigns without a play (other) */
    sources: number;
    enrollments: number;
    converted: number;
    touches: number;
    replies: number;
    conversion_rate: number;
  }[];
  open_flags: number;
}

const iso = (d: Date) => d.toISOString();
const n = (v: unknown) => Number(v ?? 0);

export async function loadDashboard(
  db: Kysely<DB>,
  p: Principal,
  now: Date,
  opts: { days?: number; weeks?: number } = {},
): Promise<Dashboard> {
  requireRole(p, "read the RevOps dashboard", "revops", "slm", "exec", "admin");
  const c = p.clientId;
  const days = opts.days ?? 30;
  const weeks = opts.weeks ?? 12;
  const since = new Date(now.getTime() - days * DAY);

  const cfg = await sql<{ default_segment_cap: number; review_threshold: number }>`
    select default_segment_cap, review_threshold from play_library_config where client_id = ${c}`.execute(db);
  const defaultCap = cfg.rows[0]?.default_segment_cap ?? 5;
  const reviewThreshold = cfg.rows[0]?.review_threshold ?? 30;

  // spec 000 index 1: active plays per segment
  const segments = await sql<{ segment: string; name: string; play_cap: number | null; active: string }>`
    select s.segment, s.name, s.play_cap,
      (select count(*) from plays p where p.client_id = s.client_id and p.state = 'active'
         and p.scope = 'segment' and p.segment = s.segment) as active
    from segments s where s.client_id = ${c} order by s.segment`.execute(db);

  // spec 000: total active across segments, with the 30-play playbook-review line. The series is
  // `weeks` long; its LIMIT says so to the planner, which otherwise takes a set-returning function
  // for 1,000 rows: the count per week, 1,000 times over, passed jit_above_cost and PostgreSQL spent
  // ~60 ms compiling a 10 ms query (bench:workspace, 10,000 plays)
  const overTime = await sql<{ week: Date; active: string }>`
    select w.week, (select count(*) from plays p where p.client_id = ${c} and p.activated_at is not null
        and p.activated_at <= w.week and (p.retired_at is null or p.retired_at > w.week)) as active
    from (select * from generate_series(${iso(new Date(now.getTime() - (weeks - 1) * 7 * DAY))}::timestamptz,
                                        ${iso(now)}::timestamptz, interval '7 days') limit ${weeks}) as w(week)
    order by w.week`.execute(db);

  // spec 000 calibration: promotion rate (active / draft per quarter, per brain)
  const promotion = await sql<{ agent_id: string; quarter: Date; drafted: string; promoted: string }>`
    select writer_agent_id as agent_id, date_trunc('quarter', created_at) as quarter, count(*) as drafted,
      count(*) filter (where activated_at is not null) as promoted
    from plays where client_id = ${c} and copied_from_play_id is null
    group by 1, 2 order by 2, 1`.execute(db);

  // spec 000 calibration: edit volume in edits_during_review
  const edits = await sql<{ agent_id: string; plays: string; edits: string }>`
    select writer_agent_id as agent_id, count(*) as plays,
      coalesce(sum(case when jsonb_typeof(edits_during_review) = 'array'
        then jsonb_array_length(edits_during_review) else 0 end), 0) as edits
    from plays where client_id = ${c} group by 1 order by 1`.execute(db);

  // touches, replies and suppressions: the daily rollup behind a cursor over the event log, its
  // tail and the window's first day cut at `since` (event_log_daily_live, migration 0311)
  const touches = await sql<{ day: Date; touches: string }>`
    select d.day, coalesce(t.touches, 0) as touches
    from generate_series(date_trunc('day', ${iso(since)}::timestamptz at time zone 'UTC'),
                         date_trunc('day', ${iso(now)}::timestamptz at time zone 'UTC'), interval '1 day') as d(day)
    left join (
      select day, sum(n) as touches from event_log_daily_live(${c}, ${iso(since)}::timestamptz)
      where kind = 'touch' group by 1
    ) t on t.day = d.day::date
    order by d.day`.execute(db);

  // spec 001: every gate block carries suppressed_reason; holds and queues are the deferred ones
  const suppressions = await sql<{ reason: string; action: string | null; count: string }>`
    select reason, action, sum(n) as count
    from event_log_daily_live(${c}, ${iso(since)}::timestamptz)
    where kind = 'suppressed'
    group by 1, 2 order by 3 desc`.execute(db);

  // spec 001 wire 4: the cohort retrospective, brain-co-designed (originating_proposal_id set) vs the rest
  const cohorts = await sql<{
    cohort: "brain" | "other";
    enrollments: string;
    converted: string;
  }>`
    select case when originating_proposal_id is null then 'other' else 'brain' end as cohort,
      count(*) as enrollments, count(*) filter (where status = 'converted') as converted
    from campaign_contacts where client_id = ${c} group by 1`.execute(db);
  const cohortEvents = await sql<{ cohort: "brain" | "other"; touches: string; replies: string }>`
    select cohort, coalesce(sum(n) filter (where kind = 'touch'), 0) as touches,
      coalesce(sum(n) filter (where kind = 'reply'), 0) as replies
    from event_log_daily_live(${c}, ${iso(new Date(now.getTime() - 92 * DAY))}::timestamptz)
    where kind in ('touch', 'reply')
    group by 1`.execute(db);
  // what each cohort runs: brain-drafted plays that went live vs campaigns without a play
  const playsByCohort = await sql<{ brain: string; other: string }>`
    select (select count(*) from plays where client_id = ${c} and activated_at is not null) as brain,
      (select count(*) from campaigns where client_id = ${c} and play_id is null) as other`.execute(db);

  const flags = await sql<{ open: string }>`
    select count(*) as open from coordinator_flags where client_id = ${c} and status = 'open'`.execute(db);

  const cohortRow = (cohort: "brain" | "other") => {
    const e = cohorts.rows.find((r) => r.cohort === cohort);
    const ev = cohortEvents.rows.find((r) => r.cohort === cohort);
    const enrollments = n(e?.enrollments);
    const converted = n(e?.converted);
    return {
      cohort,
      sources: n(playsByCohort.rows[0]?.[cohort]),
      enrollments,
      converted,
      touches: n(ev?.touches),
      replies: n(ev?.replies),
      conversion_rate: enrollments ? converted / enrollments : 0,
    };
  };

  return {
    generated_at: iso(now),
    segments: segments.rows.map((s) => ({
      segment: s.segment,
      name: s.name,
      active: n(s.active),
      cap: s.play_cap ?? defaultCap,
    })),
    review_threshold: reviewThreshold,
    active_over_time: overTime.rows.map((r) => ({
      week: new Date(r.week).toISOString().slice(0, 10),
      active: n(r.active),
    })),
    promotion: promotion.rows.map((r) => {
      const q = new Date(r.quarter);
      return {
        agent_id: r.agent_id,
        quarter: `${q.getUTCFullYear()}-Q${Math.floor(q.getUTCMonth() / 3) + 1}`,
        drafted: n(r.drafted),
        promoted: n(r.promoted),
        rate: n(r.drafted) ? n(r.promoted) / n(r.drafted) : 0,
      };
    }),
    promotion_target: PROMOTION_TARGET,
    edit_volume: edits.rows.map((r) => ({
      agent_id: r.agent_id,
      plays: n(r.plays),
      edits: n(r.edits),
      per_play: n(r.plays) ? n(r.edits) / n(r.plays) : 0,
    })),
    touches_per_day: touches.rows.map((r) => ({
      day: new Date(r.day).toISOString().slice(0, 10),
      touches: n(r.touches),
    })),
    suppressions: suppressions.rows.map((r) => ({
      reason: r.reason,
      action: r.action ?? "block",
      count: n(r.count),
    })),
    cohorts: [cohortRow("brain"), cohortRow("other")],
    open_flags: n(flags.rows[0]?.open),
  };
}
