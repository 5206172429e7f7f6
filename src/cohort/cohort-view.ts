// The quarter-end cohort retrospective (spec 001 wire 4, spec 000 "cohort-level lift on
// brain-co-designed plays vs plays without brain involvement"): outcomes of the brain cohort
// (events and enrollments whose originating_proposal_id is set) vs everything without a brain,
// read from the event log's lineage and the enrollments' exits. Cohort-wise, not per deal.
import { type Kysely, sql } from "kysely";
import type { Principal } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { requireLearningReader } from "../learning/index.ts";
import { parseQuarter } from "./quarter.ts";

export interface CohortOutcomes {
  prospects: number;
  enrollments_started: number;
  touches: number;
  replies: number;
  meetings: number;
  conversions: number;
  suppressions: Record<string, number>;
  exits_by_reason: Record<string, number>;
  reply_rate: number | null;
  meeting_rate: number | null;
  conversion_rate: number | null;
}

export interface CohortView {
  quarter: string;
  from: string;
  to: string;
  brain: CohortOutcomes & {
    plays: { play_id: string; name: string; touches: number; replies: number; meetings: number }[];
  };
  no_brain: CohortOutcomes;
}

type Side = "brain" | "no_brain";
const side = sql<Side>`case when originating_proposal_id is not null then 'brain' else 'no_brain' end`;
const rate = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);

export async function cohortView(
  db: Kysely<DB>,
  actor: Principal,
  quarterLabel: string,
): Promise<CohortView> {
  // spec 000 calibration loop: the brain agents read the cohort their plays are judged in
  await requireLearningReader(db, actor, "read the cohort retrospective");
  const q = parseQuarter(quarterLabel);
  const c = actor.clientId;
  const events = await sql<{
    side: Side;
    touches: string;
    replies: string;
    meetings: string;
    prospects: string;
  }>`
    select ${side} as side,
      count(*) filter (where event_type = 'touch') as touches,
      count(*) filter (where event_type = 'reply') as replies,
      count(*) filter (where event_type in ('meeting', 'meeting_booked')
                         or (event_type = 'exit' and resolution = 'meeting')) as meetings,
      count(distinct contact_id) as prospects
    from cadence_event_log
    where client_id = ${c} and occurred_at >= ${q.start} and occurred_at < ${q.end}
    group by 1`.execute(db);
  const suppressions = await sql<{ side: Side; reason: string; n: string }>`
    select ${side} as side, suppressed_reason as reason, count(*) as n
    from cadence_event_log
    where client_id = ${c} and occurred_at >= ${q.start} and occurred_at < ${q.end} and suppressed_reason is not null
    group by 1, 2`.execute(db);
  const exits = await sql<{ side: Side; reason: string; n: string }>`
    select ${side} as side, coalesce(exit_reason, status) as reason, count(*) as n
    from campaign_contacts
    where client_id = ${c} and exited_at >= ${q.start} and exited_at < ${q.end}
    group by 1, 2`.execute(db);
  const started = await sql<{ side: Side; n: string }>`
    select ${side} as side, count(*) as n from campaign_contacts
    where client_id = ${c} and enrolled_at >= ${q.start} and enrolled_at < ${q.end}
    group by 1`.execute(db);
  const plays = await sql<{
    play_id: string;
    name: string;
    touches: string;
    replies: string;
    meetings: string;
  }>`
    select e.play_id, p.name,
      count(*) filter (where e.event_type = 'touch') as touches,
      count(*) filter (where e.event_type = 'reply') as replies,
      count(*) filter (where e.event_type in ('meeting', 'meeting_booked')
                         or (e.event_type = 'exit' and e.resolution = 'meeting')) as meetings
    from cadence_event_log e join plays p on p.client_id = e.client_id and p.play_id = e.play_id
    where e.client_id = ${c} and e.occurred_at >= ${q.start} and e.occurred_at < ${q.end}
      and e.originating_proposal_id is not null
    group by e.play_id, p.name order by p.name`.execute(db);

  const build = (s: Side): CohortOutcomes => {
    const ev = events.rows.find((r) => r.side === s);
    const exitsBy = Object.fromEntries(
      exits.rows.filter((r) => r.side === s).map((r) => [r.reason, Number(r.n)]),
    );
    const touches = Number(ev?.touches ?? 0);
    const replies = Number(ev?.replies ?? 0);
    const meetings = Number(ev?.meetings ?? 0);
    const enrollments = Number(started.rows.find((r) => r.side === s)?.n ?? 0);
    // the exits spec 002 counts as won (src/campaigns/exit-reasons.ts dealOutcomeForExit)
    const conversions = (exitsBy.converted ?? 0) + (exitsBy.meeting ?? 0) + (exitsBy.registered ?? 0);
    return {
      prospects: Number(ev?.prospects ?? 0),
      enrollments_started: enrollments,
      touches,
      replies,
      meetings,
      conversions,
      suppressions: Object.fromEntries(
        suppressions.rows.filter((r) => r.side === s).map((r) => [r.reason, Number(r.n)]),
      ),
      exits_by_reason: exitsBy,
      reply_rate: rate(replies, touches),
      meeting_rate: rate(meetings, touches),
      conversion_rate: rate(
        conversions,
        Object.values(exitsBy).reduce((a, b) => a + b, 0),
      ),
    };
  };
  return {
    quarter: q.label,
    from: q.start.toISOString(),
    to: q.end.toISOString(),
    brain: {
      ...build("brain"),
      plays: plays.rows.map((r) => ({
        play_id: r.play_id,
        name: r.name,
        touches: Number(r.touches),
        replies: Number(r.replies),
        meetings: Number(r.meetings),
      })),
    },
    no_brain: build("no_brain"),
  };
}
