// spec 002: "If no next step exists after the final step: trigger exit_contact with reason
// no_engagement". The final step's touch still has to go out (the exec approves it, then it is
// sent), and exit_contact cancels unsent items, so the exit waits until the final step's item is
// settled (sent, failed or cancelled). The engine marks "final step executed" by next_send_at null.
import { sql } from "kysely";
import type { EngineDeps } from "./engine-deps.ts";

export async function finishSequences(deps: EngineDeps, now: Date, batch: number): Promise<number> {
  return deps.db.transaction().execute(async (tx) => {
    const done = await sql<{ id: string; client_id: string }>`
      select e.id, e.client_id from campaign_contacts e
        join sales_send_queue q on q.enrollment_id = e.id and q.step_number = e.current_step
       where e.status = 'active' and e.next_send_at is null
         and q.status in ('sent', 'failed', 'cancelled')
         and not exists (select 1 from campaign_sequences s
                          where s.campaign_id = e.campaign_id and s.step_number > e.current_step)
       limit ${batch}
       for update of e skip locked`.execute(tx);
    for (const e of done.rows) {
      await deps.exitContact(tx, { clientId: e.client_id, enrollmentId: e.id, reason: "no_engagement" }, now);
    }
    return done.rows.length;
  });
}
