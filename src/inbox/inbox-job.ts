// The mailbox ingester inside the server process (registered at the composition root,
// src/runtime). Off with BATON_INBOX=false (then run `baton inbox work` processes instead).
import type { Kysely } from "kysely";
import type { Config } from "../config/config.ts";
import type { DB } from "../db/database.ts";
import type { Metrics } from "../metrics/index.ts";
import { metricsForInbox } from "./inbox-metrics.ts";
import { startInboxWorker } from "./inbox-worker.ts";

/** What the mailbox ingester needs of the process (src/runtime hands it the process's deps). */
export interface InboxJobDeps {
  db: Kysely<DB>;
  config: Config;
  now: () => Date;
  metrics?: Metrics;
}

export async function startInboxJob(app: InboxJobDeps): Promise<() => Promise<void>> {
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
