// Background job (src/runtime/background.ts): deletes Idempotency-Keys past their 24 h, hourly.
// Expired keys are also taken over when reused; this only keeps the table small.
import type { AppDeps } from "../api/context.ts";
import { purgeExpiredKeys } from "./idempotency.ts";

export function startPurgeKeysJob(deps: AppDeps, intervalMs = 60 * 60_000): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = purgeExpiredKeys(deps.db, deps.now()).catch(() => {
      /* retried on the next tick */
    });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
