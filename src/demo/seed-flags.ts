// Demo: after the other modules' demo data (plays, campaigns, enrollments, events) exists, run the
// proactive-flags scan once for the demo tenant, so the workspace shows whatever flags that data
// really raises. Idempotent: a scan never duplicates a flag.
import { scanFlags } from "../flags/index.ts";
import type { Seeder } from "./seeder.ts";

export const seedFlags: Seeder = async ({ db, clientId, now }) => {
  await scanFlags(db, now, { clientId });
};
