// Claims with a lease (due sends of items a person approved, finished sequences): one statement a
// tenant picks rows with FOR UPDATE SKIP LOCKED, marks them claimed_by this worker until now +
// leaseMs, and commits at once (src/db/tenant-claims.ts). Any number of workers share the work this
// way; a crashed worker's claims end with their lease (the recovery bound), and no row lock is held
// while the claimer waits for a contact lock. A due step's claim is a row lock instead
// (execute-step.ts, issue 39 item 3).
import type { Metrics } from "../metrics/index.ts";

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
