// When does the engine next have work? The simulation and the tests jump a simulated clock there
// instead of ticking through empty hours; the production worker just polls every tick.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";

export async function nextWakeAt(db: Kysely<DB>, clientId?: string): Promise<Date | null> {
  const tenant = clientId ? sql`and client_id = ${clientId}` : sql``;
  const r = await sql<{ at: Date | null }>`
    select least(
      (select min(greatest(next_send_at, coalesce(paused_until, next_send_at))) from campaign_contacts
        where status in ('active', 'queued') and next_send_at is not null ${tenant}),
      (select min(paused_until) from campaign_contacts where status = 'paused' ${tenant}),
      (select min(scheduled_at) from sales_send_queue where status = 'approved' and channel = 'email' ${tenant})
    ) as at`.execute(db);
  const at = r.rows[0]?.at;
  return at ? new Date(at) : null;
}
