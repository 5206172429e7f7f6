// A background job that runs `tick(deps, now, signal)` every `everyMs` (the first time after
// `firstAfterMs`), never two ticks at once, and whose stop aborts `signal` and then waits for the
// running tick: a long tick (a reply model's training) listens to it and ends early, so a shutdown
// does not wait out its work. Errors are logged and the next tick runs as planned.
import type { AppDeps } from "../api/context.ts";
import type { BackgroundJob } from "./job.ts";

export function intervalJob(
  name: string,
  everyMs: number,
  tick: (deps: AppDeps, now: Date, signal: AbortSignal) => Promise<unknown>,
  firstAfterMs = everyMs,
): BackgroundJob {
  return (deps) => {
    let running: Promise<unknown> | null = null;
    const stopping = new AbortController();
    const run = () => {
      if (running || stopping.signal.aborted) return;
      running = tick(deps, deps.now(), stopping.signal)
        .catch((e) => {
          if (!stopping.signal.aborted) console.error(`[${name}] ${(e as Error).message}`);
        })
        .finally(() => {
          running = null;
        });
    };
    const timer = setInterval(run, everyMs);
    timer.unref?.();
    const first = setTimeout(run, firstAfterMs);
    first.unref?.();
    return async () => {
      stopping.abort();
      clearInterval(timer);
      clearTimeout(first);
      if (running) await running;
    };
  };
}
