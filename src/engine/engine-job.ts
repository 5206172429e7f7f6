// The engine inside the server process (src/runtime/background.ts): one worker on the server's
// connection, a pass every config.engineTickMs (at once again while there is work). Its passes
// beat deps.engineHeartbeat (for /readyz) and count into deps.metrics. Stopping lets the pass in
// flight finish its claimed batch, then hands back any lease still held.
import type { AppDeps } from "../api/context.ts";
import { defaultEngineDeps } from "./default-engine-deps.ts";
import { releaseClaims } from "./release-claims.ts";
import { startWorker } from "./run-engine.ts";

export async function startEngineJob(app: AppDeps): Promise<() => Promise<void>> {
  const deps = await defaultEngineDeps(app.database, app.config, { metrics: app.metrics });
  const workerId = `server-${process.pid}`;
  app.engineHeartbeat?.beat(new Date());
  const worker = startWorker(deps, {
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
    onError: (e, where) => console.error(`engine: ${where}: ${(e as Error)?.message ?? e}`),
  });
  return async () => {
    await worker.stop();
    await releaseClaims(app.db, workerId).catch(() => undefined);
    (deps.email as { close?: () => void } | null)?.close?.();
  };
}
