// Several engine workers in one process (`baton engine work --concurrency N`, and the server's own
// BATON_ENGINE_WORKERS): each a startWorker loop claiming under a name of its own, so that a lease and
// its release name one worker; all of them sharing the process's engine deps and pool.
import type { EngineDeps } from "./engine-deps.ts";
import { releaseClaims } from "./release-claims.ts";
import { startWorker, type WorkerOptions } from "./run-engine.ts";

/** The workers' names: `base` for one, `base-1` … `base-n` for several. */
export function workerNames(base: string, n: number): string[] {
  return n === 1 ? [base] : Array.from({ length: n }, (_, k) => `${base}-${k + 1}`);
}

export interface WorkerPool {
  names: string[];
  /**
   * Stops every worker and waits for their passes, then hands back each one's leases. Every name is
   * released even if one release fails; the first failure is thrown after.
   */
  stop(): Promise<{ steps: number; sends: number }>;
}

export function startWorkers(
  deps: EngineDeps,
  base: string,
  n: number,
  opts: Omit<WorkerOptions, "workerId" | "onError"> & {
    onError?: (e: unknown, where: string, workerId: string) => void;
  },
): WorkerPool {
  const names = workerNames(base, n);
  const { onError, ...pass } = opts;
  const workers = names.map((workerId) =>
    startWorker(deps, { ...pass, workerId, onError: (e, where) => onError?.(e, where, workerId) }),
  );
  return {
    names,
    async stop() {
      await Promise.all(workers.map((w) => w.stop()));
      const released = { steps: 0, sends: 0 };
      let failure: unknown;
      for (const name of names) {
        try {
          const r = await releaseClaims(deps.db, name);
          released.steps += r.steps;
          released.sends += r.sends;
        } catch (e) {
          failure ??= e;
        }
      }
      if (failure !== undefined) throw failure;
      return released;
    },
  };
}
