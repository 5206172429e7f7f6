// The engine inside the server process (src/runtime/background.ts): config.engineWorkers workers
// (one unless BATON_ENGINE_WORKERS says more, on PostgreSQL) on the server's pool, each a pass every
// config.engineTickMs (at once again while there is work) under a name of its own. Their passes beat
// deps.engineHeartbeat (for /readyz) and count into deps.metrics. Stopping lets the passes in flight
// finish their claimed batches, then hands back any lease still held.
import type { AppDeps } from "../api/context.ts";
import { defaultEngineDeps } from "./default-engine-deps.ts";
import { releaseClaims } from "./release-claims.ts";
import { startWorker } from "./run-engine.ts";

export async function startEngineJob(app: AppDeps): Promise<() => Promise<void>> {
  const deps = await defaultEngineDeps(app.database, app.config, { metrics: app.metrics });
  const n = app.config.engineWorkers;
  const workerIds =
    n === 1
      ? [`server-${process.pid}`]
      : Array.from({ length: n }, (_, k) => `server-${process.pid}-${k + 1}`);
  app.engineHeartbeat?.beat(new Date());
  const workers = workerIds.map((workerId) =>
    startWorker(deps, {
      workerId,
      batch: 100,
      tickMs: app.config.engineTickMs,
      clock: app.now,
      onPassStart: () => app.engineHeartbeat?.beat(new Date()),
      onPass: () => {
        const at = new Date();
        app.engineHeartbeat?.beat(at);
        app.metrics?.set("baton_engine_last_pass_timestamp_seconds", at.getTime() / 1000);
      },
      onError: (e, where) => console.error(`engine ${workerId}: ${where}: ${(e as Error)?.message ?? e}`),
    }),
  );
  return async () => {
    await Promise.all(workers.map((w) => w.stop()));
    for (const workerId of workerIds) await releaseClaims(app.db, workerId).catch(() => undefined);
    (deps.email as { close?: () => void } | null)?.close?.();
  };
}
