import { defineConfig } from "vitest/config";
import { BatonSequencer } from "./test/support/sequencer.ts";

export default defineConfig({
  // vitest keeps each file's last duration here (vite's default is node_modules/.vite, which npm ci
  // removes): the next run starts the longest files first, so that no long file starts last
  cacheDir: ".cache/vite",
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    // the files that must not run beside each other wait for each other (exclusive.ts), and the
    // sequencer spreads them out; every domain's error codes are registered (src/runtime/errors.ts), as
    // the server and the CLI register them at their start
    setupFiles: ["test/support/exclusive.ts", "src/runtime/errors.ts"],
    sequence: { sequencer: BatonSequencer },
    pool: "forks",
    // A worker keeps its modules from one test file to the next: re-importing the app for each of
    // ~150 files cost 170 s of a 880 s run on 2 cores (21 s without). Tests share no module state
    // they change (no vi.mock, no stubbed globals or environment).
    isolate: false,
    // two by default (the machines here have two cores); BATON_TEST_WORKERS sets another count
    maxWorkers: Number(process.env.BATON_TEST_WORKERS) || 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default"],
    // every prepared template (src/coordinator/snapshot/prepared.ts) is checked on every call against
    // its builder run with the call's own values
    env: { BATON_CHECK_TEMPLATES: "1" },
  },
});
