// Background: drain the notifications outbox every 5 seconds.
import { drainNotifications } from "./drain-notifications.ts";
import { intervalJob } from "./interval-job.ts";

export const notificationDrainJob = intervalJob("notifications", 5_000, async (deps, now) => {
  // drain in batches until nothing is due, so a burst does not wait many ticks
  for (let i = 0; i < 10; i++) {
    const r = await drainNotifications(deps.db, now);
    if (r.claimed === 0) break;
  }
});
