// The demo seeders, in order. Each module adds one line; every seeder must be idempotent
// (npm start runs them on every start).
import { seedCampaigns } from "../campaigns/seed-campaigns.ts";
import { seedFlags } from "../coordinator/flags/seed-flags.ts";
import { seedPlays } from "../plays/seed-plays.ts";
import { seedBase } from "./seed-base.ts";
import type { Seeder } from "./seed-demo.ts";

export const seeders: Seeder[] = [seedBase, seedPlays, seedCampaigns, seedFlags];
