// Runs a tenant model's training (train-tenant-model-worker.ts) in a worker thread and answers
// what it found; the caller's event loop keeps turning meanwhile. A worker that fails, exits or
// outlives `timeoutMs` rejects (and is stopped): the caller records nothing. So does one whose
// `signal` aborts (the server shutting down): it is stopped at once rather than waited for.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { PACKAGE_ROOT } from "../config/package-root.ts";
import type { SliceScore, StoredTenantModel, TenantExample } from "./tenant-model.ts";

export interface TrainingJob {
  train: TenantExample[];
  held_out: TenantExample[];
  /** the tenant's kept model the candidate is measured against (null: the base model) */
  current: StoredTenantModel | null;
}

export interface TrainingResult {
  candidate: StoredTenantModel;
  candidate_score: SliceScore;
  current_score: SliceScore;
  /** the training itself, in the worker (ms) */
  training_ms: number;
}

/** How long a training may take before its worker is stopped (loading the base model included). */
export const TRAINING_TIMEOUT_MS = 120_000;

export function trainInWorker(
  job: TrainingJob,
  timeoutMs = TRAINING_TIMEOUT_MS,
  signal?: AbortSignal,
): Promise<TrainingResult> {
  if (signal?.aborted) return Promise.reject(new Error("reply model training not started: stopping"));
  // run from the sources (tsx: the tests, `npm run dev`) or from dist/, where the worker is an entry
  // point of its own beside the bundled code (scripts/build.mjs)
  const fromSource = import.meta.url.endsWith(".ts");
  const file = pathToFileURL(
    fromSource
      ? path.join(PACKAGE_ROOT, "src", "replies", "train-tenant-model-worker.ts")
      : path.join(PACKAGE_ROOT, "dist", "replies", "train-tenant-model-worker.js"),
  );
  return new Promise<TrainingResult>((resolve, reject) => {
    // from the sources the worker registers tsx first (Node 20 does not apply `--import tsx` given
    // as a worker's execArgv before its entry loads)
    const worker = fromSource
      ? new Worker(
          `import("tsx/esm/api").then((t) => { t.register(); return import(${JSON.stringify(file.href)}); })`,
          { eval: true, workerData: job },
        )
      : new Worker(file, { workerData: job });
    let settled = false;
    const onAbort = () => settle(() => reject(new Error("reply model training stopped: stopping")));
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      f();
      void worker.terminate();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(
      () => settle(() => reject(new Error(`reply model training timed out after ${timeoutMs} ms`))),
      timeoutMs,
    );
    worker.on("message", (m: { ok: true; result: TrainingResult } | { ok: false; error: string }) =>
      settle(() => (m.ok ? resolve(m.result) : reject(new Error(`reply model training failed: ${m.error}`)))),
    );
    worker.on("error", (e) => settle(() => reject(new Error(`reply model training failed: ${e.message}`))));
    worker.on("exit", (code) =>
      settle(() => reject(new Error(`reply model training stopped (exit ${code}) before it answered`))),
    );
  });
}
