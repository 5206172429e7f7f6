// Issues 56 and 72 ("Must show"): the rule classifier on each held-out set (measure-holdout.ts
// HOLDOUT_SETS), which nobody tunes the rules on. The figures are printed, not gated: the targets
// are reported for now. Only aggregate figures are printed (measure-holdout.ts says why). Each set
// must stay whole: issue 56's at least 300 replies and 40 a language, issue 72's 210 and 30.
import { describe, expect, it } from "vitest";
import { ruleClassifier } from "../../src/replies/rule-classifier.ts";
import {
  formatHoldoutTable,
  HOLDOUT_LANGUAGES,
  HOLDOUT_SETS,
  loadHoldout,
  measureHoldout,
} from "./measure-holdout.ts";

describe.each(HOLDOUT_SETS)("the held-out replies: $name", ({ name, dir, minPerLanguage, minTotal }) => {
  const replies = loadHoldout(dir);

  it("prints the rule classifier's figures", async () => {
    const m = await measureHoldout(replies, ruleClassifier);
    console.log(formatHoldoutTable(m, ruleClassifier.name, name));
    expect(m.overall.replies).toBe(replies.length);
  });

  it(`has at least ${minTotal} replies over the seven languages, ${minPerLanguage} in each`, () => {
    for (const lang of HOLDOUT_LANGUAGES) {
      const n = replies.filter((r) => r.lang === lang).length;
      expect(n, `replies in ${lang}`).toBeGreaterThanOrEqual(minPerLanguage);
    }
    expect(replies.length).toBeGreaterThanOrEqual(minTotal);
  });
});
