// The coordinator periphery's background jobs: the outbox drainer, the proactive-flags scan and
// active-play execution. Importing this also installs the coordinator's notifier.
import type { BackgroundJob } from "../../runtime/background.ts";
import { flagScanJob } from "../flags/scan-job.ts";
import { playExecutionJob } from "../play-execution/execute-job.ts";
import { notificationDrainJob } from "./drain-job.ts";

export const coordinatorPeripheryJobs: BackgroundJob[] = [
  notificationDrainJob,
  flagScanJob,
  playExecutionJob,
];
