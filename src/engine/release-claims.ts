// Graceful shutdown (docs/engine.md): a stopping worker hands back, at once, every lease it still
// holds (a step whose batch failed keeps its claim until the lease ends otherwise), so another
// worker picks those rows up without waiting out the lease. Called only after the worker's last
// pass has finished: nothing of this worker is in flight, so no message is between the ledger and
// SMTP, and the at-most-once ledger is untouched (a key left 'sending' stays an unknown outcome).
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";

export async function releaseClaims(
  db: Kysely<DB>,
  workerId: string,
): Promise<{ steps: number; sends: number }> {
  const steps = await db
    .updateTable("campaign_contacts")
    .set({ claimed_by: null, claimed_until: null })
    .where("claimed_by", "=", workerId)
    .executeTakeFirst();
  const sends = await db
    .updateTable("sales_send_queue")
    .set({ claimed_by: null, claimed_until: null })
    .where("claimed_by", "=", workerId)
    .executeTakeFirst();
  return { steps: Number(steps.numUpdatedRows), sends: Number(sends.numUpdatedRows) };
}
