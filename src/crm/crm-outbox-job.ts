// The background drainer in the server process (src/runtime/background.ts). One drain at a time
// per process (PGlite has one connection); on PostgreSQL several processes may drain together.
import type { Kysely } from "kysely";
import { DEV_CHANNEL_NOTICE } from "../channels/index.ts";
import type { Config } from "../config/config.ts";
import type { DB } from "../db/database.ts";
import type { Metrics } from "../metrics/index.ts";
import { createCrmAdapter } from "./create-crm-adapter.ts";
import { drainCrmOutbox } from "./drain-crm-outbox.ts";

/** What the CRM outbox's drainer needs of the process (src/runtime hands it the process's deps). */
export interface CrmOutboxJobDeps {
  db: Kysely<DB>;
  config: Config;
  now: () => Date;
  metrics?: Metrics;
}

export function crmOutboxJob(deps: CrmOutboxJobDeps, intervalMs = 2_000): () => Promise<void> {
  const adapter = createCrmAdapter(deps.db, deps.config);
  // Say at start which adapters are live, so nobody believes dev mail was sent (no secrets here).
  if (deps.config.logLevel !== "silent") {
    const c = deps.config;
    console.log(
      `[adapters] email: ${c.smtp ? `smtp ${c.smtp.host}:${c.smtp.port}` : "dev recording"}; crm: ${adapter.name}; drafter: ${c.llm ? `llm:${c.llm.model}` : "template"}`,
    );
    if (!c.smtp) console.log(`[adapters] ${DEV_CHANNEL_NOTICE}`);
  }
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = drainCrmOutbox(deps.db, adapter, deps.now())
      .then((r) => {
        deps.metrics?.inc("baton_crm_outbox_retries_total", {}, r.retried);
        deps.metrics?.inc("baton_crm_outbox_dead_total", {}, r.dead);
      })
      .catch(() => undefined)
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref?.();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
