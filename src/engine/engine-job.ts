// The engine inside the server process (src/runtime/background.ts): config.engineWorkers workers
// (one unless BATON_ENGINE_WORKERS says more, on PostgreSQL) on the server's pool, each a pass every
// config.engineTickMs (at once again while there is work) under a name of its own. Their passes beat
// deps.engineHeartbeat (for /readyz) and count into deps.metrics. Stopping lets the passes in flight
// finish their claimed batches, then hands back any lease still held. The engine's deps are the
// process's (app.engine(), built and closed by src/runtime), shared with the routes.
import type { Config } from "../config/config.ts";
import type { Heartbeat, Metrics } from "../metrics/index.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { sendPersonalStepsAtOnce } from "./personal-send-at-once.ts";
import { startWorkers } from "./worker-pool.ts";

/** What the in-process engine needs of the process (src/runtime hands it the process's deps). */
export interface EngineJobDeps {
  /** The process's engine, built once (src/runtime/engine.ts); its owner closes its channel. */
  engine: () => Promise<EngineDeps>;
  config: Config;
  now: () => Date;
  metrics?: Metrics;
  engineHeartbeat?: Heartbeat;
}

export async function startEngineJob(app: EngineJobDeps): Promise<() => Promise<void>> {
  const deps = await app.engine();
  app.engineHeartbeat?.beat(new Date());
  const pool = startWorkers(deps, `server-${process.pid}`, app.config.engineWorkers, {
    batch: 100,
    tickMs: app.config.engineTickMs,
    clock: app.now,
    onPassStart: () => app.engineHeartbeat?.beat(new Date()),
    // the exec's close steps of campaigns he set to send at once (issue 67 item 5)
    background: (now) => sendPersonalStepsAtOnce(deps, app.config, now),
    onPass: () => {
      const at = new Date();
      app.engineHeartbeat?.beat(at);
      app.metrics?.set("baton_engine_last_pass_timestamp_seconds", at.getTime() / 1000);
    },
    onError: (e, where, workerId) =>
      console.error(`engine ${workerId}: ${where}: ${(e as Error)?.message ?? e}`),
  });
  return async () => {
    await pool.stop().catch(() => undefined);
  };
}
