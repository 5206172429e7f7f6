// Issue 56 item 3: the rules with the model on each held-out set, beside the rules alone
// (holdout-measure.test.ts), to decide which is the default (docs/mailboxes.md "Rules and model");
// issue 72 adds its own set (measure-holdout.ts HOLDOUT_SETS). Only aggregate figures are printed
// (measure-holdout.ts says why).
import { describe, expect, it } from "vitest";
import { rulesAndModelClassifier } from "../../src/replies/model-classifier.ts";
import { ruleClassifier } from "../../src/replies/rule-classifier.ts";
import { formatHoldoutTable, HOLDOUT_SETS, loadHoldout, measureHoldout } from "./measure-holdout.ts";

describe.each(HOLDOUT_SETS)("the held-out replies, rules and model: $name", ({ name, dir }) => {
  const replies = loadHoldout(dir);

  it("prints the rules' and the rules+model's figures", async () => {
    const rules = await measureHoldout(replies, ruleClassifier);
    const combined = await measureHoldout(replies, rulesAndModelClassifier);
    console.log(
      `${formatHoldoutTable(rules, ruleClassifier.name, name)}\n\n${formatHoldoutTable(combined, rulesAndModelClassifier.name, name)}`,
    );
    expect(combined.overall.replies).toBe(replies.length);
  }, 120_000);
});
