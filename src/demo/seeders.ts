// The demo seeders, in order: the one place the demo is composed. Each module adds one line here;
// seeders import only src/demo/seeder.ts (their type), never this list or seed-demo.ts back.
import { seedBase } from "./seed-base.ts";
import { seedCampaigns } from "./seed-campaigns.ts";
import { seedDrafters } from "./seed-drafters.ts";
import { seedFlags } from "./seed-flags.ts";
import { seedPlays } from "./seed-plays.ts";
import { seedRepTasks } from "./seed-rep-tasks.ts";
import { seedTeams } from "./seed-teams.ts";
import type { Seeder } from "./seeder.ts";

export const seeders: Seeder[] = [
  seedBase,
  seedTeams,
  seedPlays,
  seedCampaigns,
  seedDrafters,
  seedRepTasks,
  seedFlags,
];
