// The notifications outbox drain as one job pass (registered in src/runtime/background.ts): webhook
// deliveries of the outbox, in batches until nothing is due, so a burst does not wait many ticks.
// In-app notices need no delivery: notify() writes them in their cause's transaction, and readers
// list the outbox (list-notifications.ts). Two failure counters: a delivery a receiver refused or
// never answered (baton_webhook_delivery_failures_total), and a pass that failed as a whole, so that
// nothing was delivered (baton_notification_drain_failures_total; the error is rethrown and logged).
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import type { Metrics } from "../metrics/index.ts";
import { type DrainOptions, type DrainResult, drainNotifications } from "./drain-notifications.ts";

export async function drainNotificationsPass(
  db: Kysely<DB>,
  now: Date,
  metrics?: Metrics,
  opts: DrainOptions = {},
): Promise<void> {
  for (let i = 0; i < 10; i++) {
    let r: DrainResult;
    try {
      r = await drainNotifications(db, now, opts);
    } catch (e) {
      // deliveries this pass claimed keep their lease and are tried again when it ends
      metrics?.inc("baton_notification_drain_failures_total", { outcome: "retrying" });
      throw e;
    }
    metrics?.inc("baton_webhook_delivery_failures_total", { outcome: "retrying" }, r.retrying);
    metrics?.inc("baton_webhook_delivery_failures_total", { outcome: "failed" }, r.failed);
    if (r.claimed === 0) break;
  }
}
