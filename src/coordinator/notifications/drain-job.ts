// The notifications outbox drain as one job pass (registered in src/runtime/background.ts): in-app
// notices and webhook deliveries, in batches until nothing is due, so a burst does not wait many ticks.
import type { Kysely } from "kysely";
import type { DB } from "../../db/database.ts";
import type { Metrics } from "../../metrics/metrics.ts";
import { drainNotifications } from "./drain-notifications.ts";

export async function drainNotificationsPass(db: Kysely<DB>, now: Date, metrics?: Metrics): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const r = await drainNotifications(db, now);
    metrics?.inc("baton_webhook_delivery_failures_total", { outcome: "retrying" }, r.retrying);
    metrics?.inc("baton_webhook_delivery_failures_total", { outcome: "failed" }, r.failed);
    if (r.claimed === 0) break;
  }
}
