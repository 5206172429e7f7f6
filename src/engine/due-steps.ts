// spec 002 execute_sequence_step's first half: which steps are due, and the claim of them. A
// worker's pass lists the tenants with due steps (a read-only fan-out across tenants), then locks a
// tenant's due enrollments with their contacts in the transaction that runs their steps
// (execute-step.ts): a claim is a row lock, not a lease (issue 39 items 1 and 3). The claims and the
// fan-out are planned once on a server (src/db/unestimated.ts; test/engine/plan-cache-server.test.ts).
import { type Kysely, type RawBuilder, type Selectable, sql } from "kysely";
import type { CampaignContactsTable } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import { nameWorker } from "../db/name-worker.ts";
import { dueTenants } from "../db/tenant-claims.ts";
import { literalLimit, unestimated } from "../db/unestimated.ts";
import { ENROLLMENT_COLUMNS } from "./staged-rows.ts";

export type Enrollment = Selectable<CampaignContactsTable>;

const enrollmentColumns = sql.join(ENROLLMENT_COLUMNS.map((c) => sql.ref(`e.${c}`)));

/** Due and not held back (paused, or a failed step's back-off lease). */
export function dueWhere(now: Date | RawBuilder<Date>) {
  return sql`e.status in ('active', 'queued') and e.next_send_at <= ${now}
         and (e.paused_until is null or e.paused_until <= ${now})
         and (e.claimed_until is null or e.claimed_until <= ${now})`;
}

/**
 * The tenants with due steps, the one with the earliest due step first: read without locks from the
 * earliest `scan` due enrollments (the due index, next_send_at then id), so one large tenant's
 * backlog never hides the others for long. Each tenant's steps are then locked and run in a
 * transaction of its own, every statement naming the tenant (on Citus: one shard each).
 */
export function dueStepTenants(db: Kysely<DB>, now: Date, scan: number): Promise<string[]> {
  return dueTenants(db, dueStepTenantsStatement(now, scan));
}

/**
 * dueStepTenants' statement (test/engine/plan-guards.test.ts plans it), kept by a server's plan
 * cache instead of planned at every poll (0.26-0.31 ms; src/db/unestimated.ts): the time unestimated
 * as in the claims, and the scan a literal, since Citus refuses a subquery in the LIMIT of a query
 * across shards (a few texts: the scan follows the adaptive batch).
 */
export function dueStepTenantsStatement(now: Date, scan: number): RawBuilder<{ client_id: string }> {
  return sql<{ client_id: string }>`
      select d.client_id from (select e.client_id, e.next_send_at from campaign_contacts e
                                where ${dueWhere(unestimated(now, "timestamptz"))}
                                order by e.next_send_at, e.id limit ${literalLimit(scan)}) d
       group by d.client_id order by min(d.next_send_at), d.client_id`;
}

/**
 * Locks up to `batch` of a tenant's due enrollments and their contacts for this transaction, the
 * earliest due first and among those due at the same instant by id (0180). Rows another worker
 * holds are skipped, never waited for. `only`: just these enrollments (a failed batch's one by one).
 */
export async function lockDueEnrollments(
  tx: Kysely<DB>,
  clientId: string,
  now: Date,
  batch: number,
  opts: { only?: string[]; worker?: string } = {},
): Promise<Enrollment[]> {
  const { only, worker } = opts;
  // `worker`: the transaction names its worker in pg_stat_activity (application_name, until it ends):
  // who holds which steps is visible to an operator, and to the tests
  if (worker) await nameWorker(tx, worker);
  const r = await lockDueStatement(clientId, now, batch, only).execute(tx);
  return r.rows;
}

/**
 * lockDueEnrollments' statement (test/engine/plan-guards.test.ts plans it). The time and the batch
 * unestimated: planned with their values, it was planned again at every call on a server
 * (src/db/unestimated.ts).
 */
export function lockDueStatement(
  clientId: string,
  now: Date,
  batch: number,
  only?: string[],
): RawBuilder<Enrollment> {
  return sql<Enrollment>`
    select ${enrollmentColumns} from campaign_contacts e
      join contacts c on c.client_id = e.client_id and c.contact_id = e.contact_id
     where e.client_id = ${clientId} and ${dueWhere(unestimated(now, "timestamptz"))}
       ${only ? sql`and e.id = any(${only}::uuid[])` : sql``}
     order by e.next_send_at, e.id
     limit ${unestimated(batch, "int")}
       for update of e, c skip locked`;
}
