// Demo: after the other modules' demo data (plays, campaigns, enrollments, events) exists, run the
// proactive-flags scan once for the demo tenant, so the workspace shows whatever flags that data
// really raises. Idempotent: a scan never duplicates a flag.
import type { Seeder } from "../demo/seeder.ts";
import { scanFlags } from "./scan-flags.ts";

export const seedFlags: Seeder = async ({ db, clientId, now }) => {
  await scanFlags(db, now, { clientId });
};
