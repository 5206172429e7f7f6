// Each role's queue in one call (issue 60 item 1): how many items wait for the signed-in person, for
// the navigation's counts and the page a role lands on. Counts only (count(*) on the queues' own
// indexes), one query per queue the principal's roles have; a queue of another role is left out, not
// zero, so the answer also says which queues are this person's.
import { type Kysely, type SelectQueryBuilder, sql } from "kysely";
import { hasRole, type Principal, ROLES, type Role, requireRole } from "../auth/principal.ts";
import { bookOf } from "../books/index.ts";
import { countTriage, TRIAGE_ALL_ROLES } from "../campaigns/index.ts";
import type { DB } from "../db/database.ts";
import { listRepTaskQueue } from "../engine/index.ts";
import { REVIEW_DECIDER_ROLES, reviewInBook } from "../inbox/index.ts";

/** The queues, each with the roles whose work it is (the API still checks every action). */
export const QUEUES = {
  /** spec 002: staged drafts waiting for the exec's approval */
  approvals: ["exec"],
  /** spec 002 pipeline: hand-offs the exec routes */
  handoffs: ["exec"],
  /** LinkedIn touches and personal sends due now (src/engine/rep-task-queue.ts: reps and the exec) */
  tasks: ["rep", "exec"],
  /** issue 56: replies Baton was not sure of */
  replies: [...TRIAGE_ALL_ROLES, "rep", "exec"],
  /** spec 000 joint approval: plays under review still missing this person's approval */
  plays_to_approve: ["slm", "revops"],
  /** issue 35: inbound mail that could not be trusted */
  inbound_reviews: REVIEW_DECIDER_ROLES,
  /** spec 000: retrospectives Baton drafted from the numbers, not yet confirmed or amended */
  retrospectives_due: ["slm", "revops"],
  /** people signed in through single sign-on with no role yet (they see "ask an admin") */
  people_waiting: ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type QueueName = keyof typeof QUEUES;
export type QueueCounts = Partial<Record<QueueName, number>>;

type Counter = (db: Kysely<DB>, p: Principal, now: Date) => Promise<number>;

/** Past this many tasks due, the count says this many (the page lists them in order). */
const TASKS_COUNTED = 500;

/** How many rows the query finds. */
async function tally(q: SelectQueryBuilder<DB, keyof DB, object>): Promise<number> {
  const r = await q.select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
  return (r as { n: number }).n;
}

/** The tenant's rows of a queue's table in the state that waits. */
const waiting =
  (
    table: "staged_drafts" | "campaign_handoffs" | "inbound_reviews" | "learning_retrospectives",
    status: "pending" | "open" | "draft",
  ): Counter =>
  (db, p) =>
    tally(
      db
        .selectFrom(table)
        .where("client_id", "=", p.clientId)
        .where("status", "=", status as never),
    );

/** spec 000 joint approval: each approver role's column, then the other role's. */
const APPROVERS = {
  slm: ["slm_approver_user_id", "revops_approver_user_id"],
  revops: ["revops_approver_user_id", "slm_approver_user_id"],
} as const;

const COUNTERS: Record<QueueName, Counter> = {
  approvals: waiting("staged_drafts", "pending"),
  handoffs: waiting("campaign_handoffs", "open"),
  // the rep's task queue as it lists them (src/engine/rep-task-queue.ts): the tasks this person acts
  // on that are due now (a snoozed or held task counts from its time); a day's tasks fit one page
  tasks: async (db, p, now) =>
    (await listRepTaskQueue(db, p, { status: "open", due: "now", limit: TASKS_COUNTED }, now)).items.length,
  replies: async (db, p) => (await countTriage(db, p)).pending,
  // a play waits for this person when one of their approver roles has not approved it yet and the
  // other approval is not their own (spec 000: two distinct people)
  plays_to_approve: (db, p) =>
    tally(
      db
        .selectFrom("plays")
        .where("client_id", "=", p.clientId)
        .where("state", "=", "under_review")
        .where((w) =>
          w.or(
            (["slm", "revops"] as const)
              .filter((r) => hasRole(p, r))
              .map((role) => {
                const [own, other] = APPROVERS[role];
                return w.and([
                  w(own, "is", null),
                  w.or([w(other, "is", null), w(other, "!=", p.principalId)]),
                ]);
              }),
          ),
        ),
    ),
  // the reviews of the person's book, as the queue lists them (inbound-reviews.ts)
  inbound_reviews: async (db, p) =>
    tally(
      db
        .selectFrom("inbound_reviews")
        .where("client_id", "=", p.clientId)
        .where("status", "=", "pending")
        .where(reviewInBook(await bookOf(db, p), p.clientId, "inbound_reviews")),
    ),
  retrospectives_due: waiting("learning_retrospectives", "draft"),
  people_waiting: (db, p) =>
    tally(
      db
        .selectFrom("principals")
        .where("client_id", "=", p.clientId)
        .where("kind", "=", "person")
        .where("deactivated_at", "is", null)
        .where(sql<boolean>`cardinality(roles) = 0`),
    ),
};

/** The signed-in person's queues and their counts (FORBIDDEN_ROLE without a role; an agent has none). */
export async function countQueues(db: Kysely<DB>, p: Principal, now: Date): Promise<QueueCounts> {
  requireRole(p, "count their queues", ...ROLES);
  const out: QueueCounts = {};
  if (p.kind !== "person") return out;
  for (const name of Object.keys(QUEUES) as QueueName[]) {
    if (!hasRole(p, ...QUEUES[name])) continue;
    out[name] = await COUNTERS[name](db, p, now);
  }
  return out;
}
