// Issue 56 ("Must show"): the rule classifier on the held-out replies, which nobody tunes the rules
// on. The figures are printed, not gated: the targets are reported for now. Only aggregate figures
// are printed (measure-holdout.ts says why). The set itself must be whole: at least 300 replies over
// the seven languages and 40 in each.
import { describe, expect, it } from "vitest";
import { ruleClassifier } from "../../src/replies/rule-classifier.ts";
import { formatHoldoutTable, HOLDOUT_LANGUAGES, loadHoldout, measureHoldout } from "./measure-holdout.ts";

describe("the held-out replies", () => {
  const replies = loadHoldout();

  it("prints the rule classifier's figures", async () => {
    const m = await measureHoldout(replies, ruleClassifier);
    console.log(formatHoldoutTable(m, ruleClassifier.name));
    expect(m.overall.replies).toBe(replies.length);
  });

  it("has at least 300 replies over the seven languages, 40 in each", () => {
    const counts = HOLDOUT_LANGUAGES.map((lang) => ({
      lang,
      n: replies.filter((r) => r.lang === lang).length,
    }));
    for (const { lang, n } of counts) expect(n, `replies in ${lang}`).toBeGreaterThanOrEqual(40);
    expect(replies.length).toBeGreaterThanOrEqual(300);
  });
});
