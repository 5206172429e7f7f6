// The training of a tenant's candidate model in a worker thread (issue 72 item 2: in the background,
// without blocking): the server's event loop keeps serving while the candidate is trained and both
// it and the current model are scored on the held-out slice (tenant-model.ts). The worker reads and
// writes nothing but its messages; what it found is recorded by the caller, or nothing is.
import { parentPort, workerData } from "node:worker_threads";
import { baseReplyModel } from "./model-classifier.ts";
import { modelFromJson } from "./reply-model.ts";
import { networkOfTenantModel, scoreOnSlice, storeTenantModel, trainTenantModel } from "./tenant-model.ts";
import type { TrainingJob, TrainingResult } from "./train-in-worker.ts";

async function run(job: TrainingJob): Promise<TrainingResult> {
  const base = await baseReplyModel();
  const current = job.current ? modelFromJson(networkOfTenantModel(job.current, base.network)) : base.model;
  const candidate = trainTenantModel(base.network, job.train);
  return {
    candidate: storeTenantModel(candidate.toJson(), base.network, base.digest),
    candidate_score: scoreOnSlice(candidate, job.held_out),
    current_score: scoreOnSlice(current, job.held_out),
    training_ms: Math.round(candidate.trainingMs),
  };
}

run(workerData as TrainingJob).then(
  (r) => parentPort?.postMessage({ ok: true, result: r }),
  (e: Error) => parentPort?.postMessage({ ok: false, error: e.message }),
);
