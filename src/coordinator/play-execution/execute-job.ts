// Background: execute active plays every 10 minutes (spec 001 wire 4: AGT-302 reads active
// plays at sequence-generation time).
import { intervalJob } from "../notifications/interval-job.ts";
import { executeActivePlays } from "./execute-active-plays.ts";

export const playExecutionJob = intervalJob(
  "play-execution",
  10 * 60_000,
  (deps, now) => executeActivePlays(deps.db, now),
  30_000,
);
