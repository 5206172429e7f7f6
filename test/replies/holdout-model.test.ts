// Issue 56 item 3: the rules with the model on the held-out replies, beside the rules alone
// (holdout-measure.test.ts), to decide which is the default (docs/mailboxes.md "Rules and model").
// Only aggregate figures are printed (measure-holdout.ts says why).
import { describe, expect, it } from "vitest";
import { rulesAndModelClassifier } from "../../src/replies/model-classifier.ts";
import { ruleClassifier } from "../../src/replies/rule-classifier.ts";
import { formatHoldoutTable, loadHoldout, measureHoldout } from "./measure-holdout.ts";

describe("the held-out replies, rules and model", () => {
  const replies = loadHoldout();

  it("prints the rules' and the rules+model's figures", async () => {
    const rules = await measureHoldout(replies, ruleClassifier);
    const combined = await measureHoldout(replies, rulesAndModelClassifier);
    console.log(
      `${formatHoldoutTable(rules, ruleClassifier.name)}\n\n${formatHoldoutTable(combined, rulesAndModelClassifier.name)}`,
    );
    expect(combined.overall.replies).toBe(replies.length);
  }, 120_000);
});
