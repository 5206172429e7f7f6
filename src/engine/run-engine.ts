// The dispatcher (DESIGN.md "engine/"): one pass claims due enrollments and executes their steps,
// lets the LLM drafter write its leased tasks, and sends due approved email. Any number of workers
// can run passes against PostgreSQL (claims use FOR UPDATE SKIP LOCKED and a lease); on PGlite the
// server runs one in-process. Time is a parameter: production passes the wall clock, the
// simulation a simulated one.
import type { Metrics } from "../metrics/index.ts";
import { inSpan } from "../tracing/index.ts";
import type { Claimed } from "./claims.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { runDueSteps } from "./execute-step.ts";
import { finishSequences } from "./finish-sequences.ts";
import { availableLlmTasks, draftWithLlm } from "./llm-drafting.ts";
import { type SendOutcome, sendDue } from "./send-approved.ts";
import { sendDueLocked } from "./send-locked.ts";

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

/**
 * A pass's figures into the metrics (docs/operations.md "Metrics, health and alerts"). The lag
 * histogram and lease take-overs are counted where they happen (send-approved.ts, claims.ts).
 */
function countPass(metrics: Metrics | undefined, s: EnginePassStats): EnginePassStats {
  if (!metrics) return s;
  metrics.inc("baton_engine_steps_claimed_total", {}, s.claimed);
  metrics.inc("baton_engine_steps_executed_total", {}, s.executed);
  for (const [key, n] of Object.entries(s.gated)) {
    const [action, reason] = key.split(":");
    metrics.inc("baton_engine_steps_gated_total", { action, reason: reason ?? "-" }, n);
  }
  for (const [outcome, n] of Object.entries(s.sends))
    metrics.inc("baton_engine_sends_total", { outcome }, n ?? 0);
  metrics.inc("baton_engine_send_unknown_outcomes_total", {}, s.sends.unknown ?? 0);
  metrics.inc("baton_engine_errors_total", {}, s.errors);
  return s;
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
  /**
   * Shutdown asked: the pass finishes the steps it claimed but claims nothing more (no sends, no
   * finished sequences), so a stopping worker leaves no claim behind.
   */
  stopping?: () => boolean;
  /**
   * false: skip the finish phase unless this pass sent something (a worker polling an idle queue
   * checks for finished sequences once a second, not every tick; see startWorker). Default: run it.
   */
  finishIdle?: boolean;
}

/**
 * One pass, a span when tracing is on (issue 71 item 4): its steps, drafts and sends are its
 * children; a pass that did nothing is marked baton.engine.busy=false and not exported
 * (src/runtime/tracing.ts), so an idle worker's once-a-second passes send no traces.
 */
export function runEngineOnce(deps: EngineDeps, now: Date, opts: PassOptions): Promise<EnginePassStats> {
  return inSpan("baton.engine.pass", { "baton.worker_id": opts.workerId }, async (span) => {
    const s = await runPass(deps, now, opts);
    span.set({
      "baton.engine.busy": busy(s) || s.errors > 0,
      "baton.count": s.claimed,
      ...(s.errors > 0 ? { "error.type": "engine_errors" } : {}),
    });
    return s;
  });
}

async function runPass(deps: EngineDeps, now: Date, opts: PassOptions): Promise<EnginePassStats> {
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

  // the steps: row locks per tenant (issue 39 item 3); on PostgreSQL an auto-sent step's email goes
  // out in its own transaction (item 1), on PGlite it is claimed for the send phase below
  const inline = deps.email !== null && deps.dbKind !== "pglite";
  const results = await runDueSteps(deps, now, {
    workerId: opts.workerId,
    batch: opts.batch,
    claimSends: deps.email !== null && !inline,
    sendInline: inline,
    clock: opts.clock,
  });
  stats.claimed = results.length;
  const handed: Claimed[] = [];
  for (const r of results) {
    // a failed step is held back by a lease, then tried again
    if ("error" in r) {
      fail(r.error, `step ${r.id}`);
      continue;
    }
    const o = r.outcome;
    if (o.kind === "executed" && o.sendClaimed) handed.push({ id: o.sendItemId, client_id: r.clientId });
    if (o.kind === "executed") {
      stats.executed++;
      if (o.sent) stats.sends[o.sent] = (stats.sends[o.sent] ?? 0) + 1;
      if (o.exited) stats.exited++;
    } else if (o.kind === "activation") stats.activations++;
    else if (o.kind === "gated") {
      const k = `${o.action}:${o.reason ?? "-"}`;
      stats.gated[k] = (stats.gated[k] ?? 0) + 1;
    } else stats.skipped++;
  }

  if (opts.stopping?.()) {
    // no sends while stopping: hand the items staged for us back at once
    if (handed.length)
      await deps.db
        .updateTable("sales_send_queue")
        .set({ claimed_by: null, claimed_until: null })
        .where("client_id", "in", [...new Set(handed.map((h) => h.client_id))])
        .where(
          "id",
          "in",
          handed.map((h) => h.id),
        )
        .where("claimed_by", "=", opts.workerId)
        .execute();
    return countPass(deps.metrics, stats);
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
    // PGlite: the steps' own emails first, as PostgreSQL sends them in the step's transaction
    // (before the items a person approved that are due in the same pass), then the claimed ones
    if (handed.length)
      for (const r of await sendDue(deps, now, { ...opts, handed, claim: false }))
        stats.sends[r] = (stats.sends[r] ?? 0) + 1;
    // PostgreSQL: an item's claim is its row lock (send-locked.ts); PGlite: a lease (sendDue)
    const sends =
      deps.dbKind === "pglite"
        ? await sendDue(deps, now, opts)
        : await sendDueLocked(deps, now, { ...opts, onError: fail });
    for (const r of sends) stats.sends[r] = (stats.sends[r] ?? 0) + 1;
  } catch (e) {
    // claimed items come back when their lease ends (PGlite) or their locks with the transaction
    // (PostgreSQL); the channel's ledger never sends twice
    fail(e, "send");
  }

  if (opts.stopping?.()) return countPass(deps.metrics, stats);
  if (opts.finishIdle === false && !Object.values(stats.sends).some((n) => (n ?? 0) > 0))
    return countPass(deps.metrics, stats);
  try {
    stats.exited += await finishSequences(deps, now, { ...opts, onError: fail });
  } catch (e) {
    fail(e, "finish");
  }
  return countPass(deps.metrics, stats);
}

export interface WorkerOptions extends PassOptions {
  tickMs: number;
  /**
   * Adaptive batch: while a pass claims a full batch (a backlog), the next one claims twice as
   * many, up to this; a pass that finds less goes back to `batch`. Default: `batch` (fixed).
   */
  maxBatch?: number;
  clock: () => Date;
  /** Called after each pass (the CLI prints totals). */
  onPass?: (s: EnginePassStats) => void;
  /** Called when a pass starts (the server's readiness heartbeat). */
  onPassStart?: () => void;
  /**
   * A background job run after a pass at most once a second (as idle passes look for finished
   * sequences), outside runEngineOnce so an engine step costs what it did: the exec's personal sends
   * of campaigns he set to at once (personal-send-at-once.ts). Its errors go to onError.
   */
  background?: (now: Date) => Promise<unknown>;
}

const FINISH_IDLE_MS = 1000;

/** Runs passes until stopped: at once again while there is work, else after tickMs. */
export function startWorker(deps: EngineDeps, opts: WorkerOptions): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const passOpts: PassOptions = { ...opts, stopping: () => stopped };
  const maxBatch = Math.max(opts.batch, opts.maxBatch ?? opts.batch);
  // idle passes look for finished sequences at most once a second (FINISH_IDLE_MS): that scan is the
  // dearest of the idle claims, and a pass that sends always looks
  let finishedAt = 0;
  const loop = (async () => {
    while (!stopped) {
      let s: EnginePassStats = emptyStats();
      const t = Date.now();
      passOpts.finishIdle = opts.tickMs >= FINISH_IDLE_MS || t - finishedAt >= FINISH_IDLE_MS;
      if (passOpts.finishIdle) finishedAt = t;
      try {
        opts.onPassStart?.();
        s = await runEngineOnce(deps, opts.clock(), passOpts);
        opts.onPass?.(s);
      } catch (e) {
        opts.onError?.(e, "pass");
      }
      if (opts.background && passOpts.finishIdle && !stopped) {
        try {
          await opts.background(opts.clock());
        } catch (e) {
          opts.onError?.(e, "background");
        }
      }
      passOpts.batch = s.claimed >= passOpts.batch ? Math.min(maxBatch, passOpts.batch * 2) : opts.batch;
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
    /** Claims nothing more, lets the pass in flight finish its claimed batch, then returns. */
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}
