// The engine schedules each next step inside its campaign's send window (issue 12), with the same
// rule and the same jitter seed (the next item's idempotency key) the coordinator's gate 3 uses at
// due time, so a step scheduled here is not held again for its window when it comes due.
import type { Kysely } from "kysely";
import { loadSendWindowFacts } from "../coordinator/index.ts";
import type { DB } from "../db/database.ts";
import { scheduleInWindow } from "../scheduling/index.ts";

export interface NextStep {
  /** enrollment id */
  id: string;
  /** the next step's number */
  step: number;
  /** ISO time it is due by its day offset; null after the final step */
  at: string | null;
}

/** Moves each next step's due time into its window (in place); one statement for the batch. */
export async function placeInSendWindows(
  tx: Kysely<DB>,
  clientId: string,
  next: NextStep[],
  /** the next item's idempotency key (execute-step.ts stepKey): the jitter seed */
  seedOf: (enrollmentId: string, step: number) => string,
): Promise<void> {
  const due = next.filter((n) => n.at !== null);
  if (due.length === 0) return;
  const facts = await loadSendWindowFacts(tx, clientId, { enrollmentIds: due.map((n) => n.id) });
  for (const n of due) {
    const f = facts.get(n.id);
    if (!f?.window) continue; // a campaign with a weekly cap but no window
    const at = scheduleInWindow({
      ...f,
      window: f.window,
      seed: seedOf(n.id, n.step),
      now: new Date(n.at as string),
    });
    n.at = at.toISOString();
  }
}
