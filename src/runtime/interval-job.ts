// A background job that runs `tick(deps, now)` every `everyMs` (the first time after
// `firstAfterMs`), never two ticks at once, and whose stop waits for the running tick. Errors are
// logged and the next tick runs as planned.
import type { AppDeps } from "../api/context.ts";
import type { BackgroundJob } from "./job.ts";

export function intervalJob(
  name: string,
  everyMs: number,
  tick: (deps: AppDeps, now: Date) => Promise<unknown>,
  firstAfterMs = everyMs,
): BackgroundJob {
  return (deps) => {
    let running: Promise<unknown> | null = null;
    let stopped = false;
    const run = () => {
      if (running || stopped) return;
      running = tick(deps, deps.now())
        .catch((e) => console.error(`[${name}] ${(e as Error).message}`))
        .finally(() => {
          running = null;
        });
    };
    const timer = setInterval(run, everyMs);
    timer.unref?.();
    const first = setTimeout(run, firstAfterMs);
    first.unref?.();
    return async () => {
      stopped = true;
      clearInterval(timer);
      clearTimeout(first);
      if (running) await running;
    };
  };
}
