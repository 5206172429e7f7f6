// spec 002: "If no next step exists after the final step: trigger exit_contact with reason
// no_engagement". The final step's touch still has to go out (the exec approves it, then it is
// sent), and exit_contact cancels unsent items, so the exit waits until the final step's item is
// settled (sent, failed or cancelled), and so is every earlier one (a touch held by the caps at
// send time may still be waiting). The engine marks "final step executed" by next_send_at null.
// Finished enrollments are claimed with a lease in statements of their own (like due steps), one per
// tenant after a read-only list of the tenants that have some (src/db/tenant-claims.ts: on Citus a
// FOR UPDATE runs only in a statement routed to one tenant's shard), then ended in one batch per
// tenant, which locks contacts first and enrollments second.
// The two checks on the send items are probes per candidate (enrollment_idx: the enrollment's few
// items), whatever the planner estimates: OFFSET 0 keeps each EXISTS a subplan instead of a join, so
// the claim never hash-joins the whole send history (it did: a sequential scan of every settled item
// per claim), and "no item left unsettled" is written as "not sent, failed or cancelled" (status is
// NOT NULL and has six values: the same set as pending, drafted or approved). Written as the three
// unsent statuses it implied the predicate of sales_send_queue_unsent_contact_idx, and the planner
// and-ed that whole partial index into every probe (~19 buffers, 0.1 ms per candidate, 42 ms per
// claim of 200 in bench:engine).
import { type RawBuilder, sql } from "kysely";
import { exitContactsBatch } from "../campaigns/index.ts";
import { claimAcrossTenants, claimTenantWithLease, dueTenants } from "../db/tenant-claims.ts";
import { literalLimit, unestimated } from "../db/unestimated.ts";
import { batchThenEach, byClient, type Claimed } from "./claims.ts";
import type { EngineDeps } from "./engine-deps.ts";

/**
 * Finished enrollments (alias e): final step executed, its items settled, no lease held. `tenant`:
 * the tenant each probe names, `e.client_id` where the statement spans tenants. The claim's pick
 * names its tenant by value in every probe (issue 57): correlated by `e.client_id` under OFFSET 0,
 * Citus plans the probes apart from the enrollments and refuses their FOR UPDATE ("could not run
 * distributed query with FOR UPDATE/SHARE commands"); named, the whole pick routes to the tenant's
 * shard. On one server the plan is the same (the tenant is equal to e.client_id either way).
 */
function finished(
  now: Date | RawBuilder<Date>,
  tenant: RawBuilder<unknown> | string = sql`e.client_id`,
): RawBuilder<boolean> {
  return sql<boolean>`e.status = 'active' and e.next_send_at is null
           and (e.claimed_until is null or e.claimed_until <= ${now})
           and exists (select 1 from sales_send_queue q
                        where q.client_id = ${tenant} and q.enrollment_id = e.id
                          and q.step_number = e.current_step
                          and q.status in ('sent', 'failed', 'cancelled') offset 0)
           and not exists (select 1 from sales_send_queue u
                            where u.client_id = ${tenant} and u.enrollment_id = e.id
                              and u.status not in ('sent', 'failed', 'cancelled') offset 0)
           and not exists (select 1 from campaign_sequences s
                            where s.client_id = ${tenant} and s.campaign_id = e.campaign_id
                              and s.step_number > e.current_step)`;
}

/**
 * The finish claim's pick in one tenant: its finished enrollments (a statement routed to its shard on
 * Citus). The time and the batch unestimated, as the step's claim (src/db/unestimated.ts).
 */
export function finishedEnrollmentsPick(now: Date, batch: number, clientId: string): RawBuilder<unknown> {
  return sql`select e.id from campaign_contacts e
         where e.client_id = ${clientId} and ${finished(unestimated(now, "timestamptz"), clientId)}
         limit ${unestimated(batch, "int")}
           for update of e skip locked`;
}

/**
 * The tenants with finished enrollments, the longest waiting first (read-only, no row locks). The
 * time unestimated and the limit a literal, as in the due steps' fan-out (dueStepTenantsStatement).
 */
export function tenantsWithFinished(now: Date, batch: number): RawBuilder<{ client_id: string }> {
  return sql<{ client_id: string }>`select e.client_id from campaign_contacts e
         where ${finished(unestimated(now, "timestamptz"))}
         group by e.client_id
         order by min(e.updated_at), e.client_id
         limit ${literalLimit(batch)}`;
}

/** Claims up to `batch` finished enrollments for this worker, one claim statement per tenant (tenant-claims.ts). */
async function claimFinished(
  deps: EngineDeps,
  now: Date,
  opts: { workerId: string; batch: number },
): Promise<Claimed[]> {
  const until = new Date(now.getTime() + deps.claimLeaseMs);
  const tenants = await dueTenants(deps.db, tenantsWithFinished(now, opts.batch));
  const rows = await claimAcrossTenants(tenants, opts.batch, (clientId, n) =>
    claimTenantWithLease(
      deps.db,
      "campaign_contacts",
      clientId,
      finishedEnrollmentsPick(now, n, clientId),
      opts.workerId,
      until,
    ),
  );
  const takenOver = rows.filter((r) => r.taken_over).length;
  if (takenOver > 0)
    deps.metrics?.inc("baton_engine_lease_takeovers_total", { table: "campaign_contacts" }, takenOver);
  return rows.map((r) => ({ id: r.id, client_id: r.client_id }));
}

/**
 * Ends the claimed finished enrollments, one transaction per tenant's batch. As with the steps, a
 * batch the database refuses as a whole is run again one enrollment at a time (batchThenEach), so
 * one bad enrollment never holds back the others, nor another tenant's batch; each failure goes to
 * `onError`, and its claim ends with the lease.
 */
export async function finishSequences(
  deps: EngineDeps,
  now: Date,
  opts: { workerId: string; batch: number; onError: (e: unknown, where: string) => void },
): Promise<number> {
  const done = await claimFinished(deps, now, opts);
  let exited = 0;
  for (const [clientId, ids] of byClient(done))
    await batchThenEach(
      ids,
      async (list) => {
        const r = await deps.db
          .transaction()
          .execute((tx) =>
            exitContactsBatch(tx, { clientId, enrollmentIds: list, reason: "no_engagement" }, now),
          );
        exited += r.filter((x) => !x.already_ended).length;
      },
      (e, id) => opts.onError(e, `finish ${id}`),
    );
  return exited;
}
