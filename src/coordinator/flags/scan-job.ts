// Background: the proactive-flags scan every 15 minutes (spec 001 scheduled checks).
import { intervalJob } from "../notifications/interval-job.ts";
import { scanFlags } from "./scan-flags.ts";

export const flagScanJob = intervalJob("flags", 15 * 60_000, (deps, now) => scanFlags(deps.db, now), 60_000);
