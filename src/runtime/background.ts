// Background jobs that run inside the server process (the engine's dispatcher, the flag scanner,
// outboxes). Each module adds a starter; each returns a stop function.
import { startPurgeKeysJob } from "../agents/purge-keys-job.ts";
import type { AppDeps } from "../api/context.ts";
import { coordinatorPeripheryJobs } from "../coordinator/notifications/periphery-jobs.ts";
import { crmOutboxJob } from "../crm/crm-outbox-job.ts";
import { startEngineJob } from "../engine/engine-job.ts";
import { startSunsetJob } from "../plays/sunset-plays.ts";

export type BackgroundJob = (deps: AppDeps) => Promise<() => Promise<void>> | (() => Promise<void>);

export const backgroundJobs: BackgroundJob[] = [
  crmOutboxJob,
  startEngineJob,
  startSunsetJob,
  startPurgeKeysJob,
  ...coordinatorPeripheryJobs,
];

export async function startBackground(deps: AppDeps): Promise<() => Promise<void>> {
  const stops: Array<() => Promise<void>> = [];
  for (const job of backgroundJobs) stops.push(await job(deps));
  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}
