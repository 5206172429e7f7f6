// Gauges sampled at each scrape from the database (index-backed counts): the engine's due backlog,
// the CRM outbox depth, pending webhook deliveries, and the connection pool's usage.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import type { Metrics } from "./metrics.ts";

/** pg's Pool counters (PostgreSQL); PGlite's adapter pool has the same fields (one connection). */
export interface PoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

export function sampleGauges(metrics: Metrics, db: Kysely<DB>, pool?: PoolLike): () => Promise<void> {
  return async () => {
    if (pool) {
      metrics.set("baton_db_pool_connections", pool.totalCount, { state: "total" });
      metrics.set("baton_db_pool_connections", pool.idleCount, { state: "idle" });
      metrics.set("baton_db_pool_connections", pool.waitingCount, { state: "waiting" });
    }
    const r = await sql<{
      steps: number;
      sends: number;
      crm_pending: number;
      crm_dead: number;
      webhooks: number;
    }>`
      select
        (select count(*) from campaign_contacts
          where status in ('active', 'queued') and next_send_at <= now()
            and (paused_until is null or paused_until <= now()))::int as steps,
        (select count(*) from sales_send_queue
          where status = 'approved' and channel = 'email' and scheduled_at <= now())::int as sends,
        (select count(*) from crm_outbox where status = 'pending')::int as crm_pending,
        (select count(*) from crm_outbox where status = 'dead')::int as crm_dead,
        (select count(*) from notification_deliveries where status = 'pending')::int as webhooks`.execute(db);
    const row = r.rows[0];
    metrics.set("baton_engine_due_backlog", row.steps, { kind: "steps" });
    metrics.set("baton_engine_due_backlog", row.sends, { kind: "sends" });
    metrics.set("baton_crm_outbox_depth", row.crm_pending, { status: "pending" });
    metrics.set("baton_crm_outbox_depth", row.crm_dead, { status: "dead" });
    metrics.set("baton_notifications_pending", row.webhooks);
  };
}
