// npm run replies:holdout-earned — issue 72's "Must show" on both held-out sets, through the real
// path (processReply with the real default classifier; people's decisions by label where the tuned
// stream waits), in the states of earned automation test/replies/measure-earned.ts describes:
// before (the static thresholds: every class open), a fresh tenant (every class closed), after the
// team earned (the replay test's tuned stream first) and after a team earned in every language.
// A script, not a test: about 5,300 replies through processReply take 100 s under vitest on this
// 2-core machine (about 40 s here). It prints one table, aggregates only, and fails when a harmful
// count or a wrong reading acted on alone in an opened class rises above what was measured when it
// was written (CEILING): the sets are never tuned on, so a rise is news, not a target.
// HOLDOUT_AFTER_MODULE=<file>: a module exporting `classifierAfterReplay({ db, clientId })`, the
// classifier the earned states read the held-out replies with once the tenant replayed the stream
// (issue 72 item 2: a model retrained on the tenant's own decisions); default the same classifier.
// HOLDOUT_READER=labels: every reply read as its labels say, with full confidence
// (test/replies/label-reader.ts): what the policy alone sends to a person, the floor of that figure.
import path from "node:path";
import { pathToFileURL } from "node:url";
import "../src/runtime/errors.ts";
import { campaignPorts } from "../src/campaigns/ports.ts";
import { labelReader } from "../test/replies/label-reader.ts";
import {
  type EarnedOptions,
  type EarnedState,
  formatEarnedTable,
  measureEarned,
} from "../test/replies/measure-earned.ts";
import { HOLDOUT_SETS, loadHoldout } from "../test/replies/measure-holdout.ts";
import { testDatabase } from "../test/support/db.ts";

interface Ceiling {
  stopContinued: number;
  notYesExitedPositive: number;
  wrongAloneInClass: number;
}
const c = (stopContinued: number, notYesExitedPositive: number, wrongAloneInClass: number): Ceiling => ({
  stopContinued,
  notYesExitedPositive,
  wrongAloneInClass,
});
/** Measured on 2026-11-28 (docs/mailboxes.md "Earned automation on the held-out sets"). */
const CEILING: Record<string, Record<EarnedState, Ceiling>> = {
  "holdout-72 (issue 72)": {
    before: c(1, 1, 8),
    fresh: c(0, 0, 0),
    earned: c(0, 0, 1),
    "earned-all": c(1, 1, 5),
  },
  "holdout (issue 56)": {
    before: c(0, 0, 1),
    fresh: c(0, 0, 0),
    earned: c(0, 0, 0),
    "earned-all": c(0, 0, 1),
  },
};

const after = process.env.HOLDOUT_AFTER_MODULE;
const options: EarnedOptions = {
  // issue 72's set first, then issue 56's, in each state's tenant
  sets: [...HOLDOUT_SETS].reverse().map((s) => ({ name: s.name, replies: loadHoldout(s.dir) })),
};
if (after) {
  const mod = (await import(pathToFileURL(path.resolve(after)).href)) as EarnedOptions;
  if (typeof mod.classifierAfterReplay !== "function")
    throw new Error(`${after} exports no classifierAfterReplay`);
  options.classifierAfterReplay = mod.classifierAfterReplay;
}

const reader = process.env.HOLDOUT_READER;
if (reader && reader !== "labels") throw new Error(`HOLDOUT_READER=${reader}: only "labels" is known`);
if (reader) options.classifier = labelReader(options.sets.map((s) => s.replies));

const database = await testDatabase();
const started = performance.now();
const m = await measureEarned(database.db, options);
await database.close();
const name =
  (options.classifier ?? (await campaignPorts()).classifier).name +
  (after ? `; earned states: ${path.basename(after)}` : "");
console.log(formatEarnedTable(m, name));
console.log(`${Math.round((performance.now() - started) / 1000)} s`);

let rose = 0;
// the ceilings are the default classifier's; the labels' reader makes no wrong reading
for (const { set, state, figures: f } of m.rows) {
  const ceiling = CEILING[set]?.[state];
  if (!ceiling) continue;
  const got: Ceiling = {
    stopContinued: f.stopContinued,
    notYesExitedPositive: f.notYesExitedPositive,
    wrongAloneInClass: f.wrongAlone.cls,
  };
  for (const k of Object.keys(got) as (keyof Ceiling)[])
    if (got[k] > ceiling[k]) {
      rose++;
      console.error(`${set}, ${state}: ${k} ${got[k]}, measured ${ceiling[k]}`);
    }
}
process.exitCode = rose ? 1 : 0;
