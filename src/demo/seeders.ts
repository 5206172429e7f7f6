// The demo seeders, in order: the one place the demo is composed. Each module adds one line here;
// seeders import only src/demo/seeder.ts (their type), never this list or seed-demo.ts back.
import { seedCampaigns } from "../campaigns/seed-campaigns.ts";
import { seedDrafters } from "../engine/seed-drafters.ts";
import { seedRepTasks } from "../engine/seed-rep-tasks.ts";
import { seedFlags } from "../flags/seed-flags.ts";
import { seedPlays } from "../plays/seed-plays.ts";
import { seedBase } from "./seed-base.ts";
import type { Seeder } from "./seeder.ts";

export const seeders: Seeder[] = [seedBase, seedPlays, seedCampaigns, seedDrafters, seedRepTasks, seedFlags];
