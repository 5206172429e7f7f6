// Claims with a lease (due steps, due sends, finished sequences): one statement picks rows with
// FOR UPDATE SKIP LOCKED, marks them claimed_by this worker until now + leaseMs, and commits at
// once. Any number of workers share the work this way; a crashed worker's claims end with their
// lease (the recovery bound), and no row lock is held while the claimer waits for a contact lock.
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { DB } from "../db/database.ts";
import type { Metrics } from "../metrics/metrics.ts";

export interface Claimed {
  id: string;
  client_id: string;
}

export interface ClaimOptions {
  workerId: string;
  batch: number;
  leaseMs: number;
  /** Counts lease take-overs (rows whose previous claim had run out). */
  metrics?: Metrics;
}

/** `pick` selects the ids to claim (limit + FOR UPDATE SKIP LOCKED), e.g. `select id from … limit n for update skip locked`. */
export async function claimWithLease(
  db: Kysely<DB>,
  table: "campaign_contacts" | "sales_send_queue",
  pick: RawBuilder<unknown>,
  now: Date,
  opts: Omit<ClaimOptions, "batch">,
): Promise<Claimed[]> {
  const until = new Date(now.getTime() + opts.leaseMs);
  const r = await sql<Claimed & { taken_over: boolean }>`
    update ${sql.table(table)} t set claimed_by = ${opts.workerId}, claimed_until = ${until}
      from (select p.id, p.claimed_by from ${sql.table(table)} p where p.id in (${pick})) picked
     where t.id = picked.id
    returning t.id, t.client_id, picked.claimed_by is not null as taken_over`.execute(db);
  const takenOver = r.rows.filter((c) => c.taken_over).length;
  if (takenOver > 0) opts.metrics?.inc("baton_engine_lease_takeovers_total", { table }, takenOver);
  return r.rows.map((c) => ({ id: c.id, client_id: c.client_id }));
}

/** Claimed ids per tenant (each tenant's batch runs in a transaction of its own). */
export function byClient(claimed: Claimed[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of claimed) {
    const ids = out.get(c.client_id);
    if (ids) ids.push(c.id);
    else out.set(c.client_id, [c.id]);
  }
  return out;
}

/**
 * Runs a tenant's claimed ids through `run` as one batch (one transaction). If the database refuses
 * the batch as a whole (a deadlock abort, one row's bad data), each id is run alone, so one bad id
 * never holds back the others; an id that still fails goes to `failed`, and its claim ends with the
 * lease (the step phase and the finish phase both use this).
 */
export async function batchThenEach(
  ids: string[],
  run: (ids: string[]) => Promise<void>,
  failed: (error: unknown, id: string) => void,
): Promise<void> {
  try {
    await run(ids);
  } catch (batchError) {
    if (ids.length === 1) return failed(batchError, ids[0]);
    for (const id of ids) {
      try {
        await run([id]);
      } catch (error) {
        failed(error, id);
      }
    }
  }
}
