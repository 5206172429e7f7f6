// The engine inside the server process (src/runtime/background.ts): one worker on the server's
// connection, a pass every config.engineTickMs (at once again while there is work).
import type { AppDeps } from "../api/context.ts";
import { defaultEngineDeps } from "./default-engine-deps.ts";
import { startWorker } from "./run-engine.ts";

export async function startEngineJob(app: AppDeps): Promise<() => Promise<void>> {
  const deps = await defaultEngineDeps(app.database, app.config);
  const worker = startWorker(deps, {
    workerId: `server-${process.pid}`,
    batch: 100,
    tickMs: app.config.engineTickMs,
    clock: app.now,
    onError: (e, where) => console.error(`engine: ${where}: ${(e as Error)?.message ?? e}`),
  });
  return () => worker.stop();
}
