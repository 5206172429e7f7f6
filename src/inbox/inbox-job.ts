// The mailbox ingester inside the server process (registered at the composition root,
// src/runtime). Off with BATON_INBOX=false (then run `baton inbox work` processes instead).
import type { AppDeps } from "../api/context.ts";
import { metricsForInbox } from "./inbox-metrics.ts";
import { startInboxWorker } from "./inbox-worker.ts";

export async function startInboxJob(app: AppDeps): Promise<() => Promise<void>> {
  const c = app.config.inbox;
  if (!c.run) return async () => {};
  const worker = startInboxWorker(app.db, {
    workerId: `server-${process.pid}`,
    leaseMs: c.leaseMs,
    pollMs: c.pollMs,
    maxMailboxes: c.maxMailboxes,
    softBounceLimit: c.softBounceLimit,
    secret: app.config.secret,
    secretEnv: c.secretEnv,
    clock: app.now,
    metrics: metricsForInbox(app.metrics),
    onError: (e, where) => console.error(`inbox: ${where}: ${(e as Error)?.message ?? e}`),
  });
  return () => worker.stop();
}
