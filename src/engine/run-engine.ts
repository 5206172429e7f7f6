// The dispatcher (DESIGN.md "engine/"): one pass claims due enrollments and executes their steps,
// lets the LLM drafter write its leased tasks, and sends due approved email. Any number of workers
// can run passes against PostgreSQL (claims use FOR UPDATE SKIP LOCKED and a lease); on PGlite the
// server runs one in-process. Time is a parameter: production passes the wall clock, the
// simulation a simulated one.
import type { EngineDeps } from "./engine-deps.ts";
import { claimDueEnrollments, executeClaimedSteps } from "./execute-step.ts";
import { finishSequences } from "./finish-sequences.ts";
import { availableLlmTasks, draftWithLlm } from "./llm-drafting.ts";
import { type SendOutcome, sendDue } from "./send-approved.ts";

export interface EnginePassStats {
  claimed: number;
  executed: number;
  activations: number;
  gated: Record<string, number>;
  skipped: number;
  exited: number;
  drafted: number;
  sends: Partial<Record<SendOutcome, number>>;
  errors: number;
}

export function emptyStats(): EnginePassStats {
  return {
    claimed: 0,
    executed: 0,
    activations: 0,
    gated: {},
    skipped: 0,
    exited: 0,
    drafted: 0,
    sends: {},
    errors: 0,
  };
}

/** Did the pass do anything (so a worker loops again at once instead of sleeping)? */
export function busy(s: EnginePassStats): boolean {
  return s.claimed > 0 || s.drafted > 0 || s.exited > 0 || Object.values(s.sends).some((n) => (n ?? 0) > 0);
}

export interface PassOptions {
  workerId: string;
  batch: number;
  /**
   * When given, a send is recorded at the clock's time after its delivery (the pass's `now` is read
   * when the pass starts); workers pass the wall clock.
   */
  clock?: () => Date;
  /** Errors of a single step are counted and logged, never stop the pass. */
  onError?: (e: unknown, where: string) => void;
}

export async function runEngineOnce(
  deps: EngineDeps,
  now: Date,
  opts: PassOptions,
): Promise<EnginePassStats> {
  const stats = emptyStats();
  const fail = (e: unknown, where: string) => {
    stats.errors++;
    opts.onError?.(e, where);
  };
  if (deps.resumePausedEnrollments) {
    try {
      await deps.resumePausedEnrollments(deps.db, now);
    } catch (e) {
      fail(e, "resume");
    }
  }

  const claimed = await claimDueEnrollments(deps.db, now, {
    workerId: opts.workerId,
    batch: opts.batch,
    leaseMs: deps.claimLeaseMs,
  });
  stats.claimed = claimed.length;
  for (const r of await executeClaimedSteps(deps, claimed, opts.workerId, now)) {
    // a failed step keeps its claim until the lease ends, then it is tried again
    if ("error" in r) {
      fail(r.error, `step ${r.id}`);
      continue;
    }
    const o = r.outcome;
    if (o.kind === "executed") stats.executed++;
    else if (o.kind === "activation") stats.activations++;
    else if (o.kind === "gated") {
      const k = `${o.action}:${o.reason ?? "-"}`;
      stats.gated[k] = (stats.gated[k] ?? 0) + 1;
    } else stats.skipped++;
  }

  if (deps.drafters.llm) {
    for (const t of await availableLlmTasks(deps.db, now, opts.batch)) {
      try {
        if (await draftWithLlm(deps, t, now)) stats.drafted++;
      } catch (e) {
        fail(e, `llm draft ${t.id}`);
      }
    }
  }

  try {
    for (const r of await sendDue(deps, now, opts)) stats.sends[r] = (stats.sends[r] ?? 0) + 1;
  } catch (e) {
    // the claimed items come back when their lease ends; the channel's ledger never sends twice
    fail(e, "send");
  }

  try {
    stats.exited += await finishSequences(deps, now, opts);
  } catch (e) {
    fail(e, "finish");
  }
  return stats;
}

export interface WorkerOptions extends PassOptions {
  tickMs: number;
  clock: () => Date;
  /** Called after each pass (the CLI prints totals). */
  onPass?: (s: EnginePassStats) => void;
}

/** Runs passes until stopped: at once again while there is work, else after tickMs. */
export function startWorker(deps: EngineDeps, opts: WorkerOptions): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      let s: EnginePassStats = emptyStats();
      try {
        s = await runEngineOnce(deps, opts.clock(), opts);
        opts.onPass?.(s);
      } catch (e) {
        opts.onError?.(e, "pass");
      }
      if (stopped) break;
      if (!busy(s)) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, opts.tickMs);
        });
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}
