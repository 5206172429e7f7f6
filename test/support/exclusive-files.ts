// The test files that run one at a time (test/support/exclusive.ts says why), in the order the
// sequencer spreads them over the run (test/support/sequencer.ts): the first starts the run. A module
// of its own: the config imports it, and exclusive.ts registers hooks, which only a test worker can.
export const EXCLUSIVE = ["test/engine/kill-test.test.ts", "test/inbox/inbox-kill.test.ts"];
