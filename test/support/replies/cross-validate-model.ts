// k-fold cross-validation of the rules alone, the model alone and the rules with the model on the
// tuned sets (issue 56 item 3). Fold i holds every k-th reply from the i-th: fixed, so the figures
// are reproducible. The rules were written from these very replies, so their figures here flatter
// them; the held-out set (test/replies/holdout-model.test.ts) is the fair comparison.
import { decidesAlone } from "../../../src/replies/automation.ts";
import type { ReplyClassifier } from "../../../src/replies/classifier.ts";
import { combinedClassifier, MODEL_VOTE_SHARE } from "../../../src/replies/combined-classifier.ts";
import type { ReplyModel } from "../../../src/replies/reply-model.ts";
import { ruleClassifier } from "../../../src/replies/rule-classifier.ts";
import { LABELLED_RECEIVED_AT, type LabelledReply } from "../../fixtures/replies/tuned/labelled-reply.ts";
import { trainReplyModel } from "./train-reply-model.ts";

export interface FoldFigures {
  replies: number;
  right: number;
  alone: number;
  aloneRight: number;
  /** labelled unsubscribe, decided alone as something else */
  stopsDecidedOtherwise: number;
  /** not labelled unsubscribe, decided alone as unsubscribe */
  falseStops: number;
}

export interface CrossValidation {
  k: number;
  rules: FoldFigures;
  model: FoldFigures;
  combined: FoldFigures;
  /** each fold's training time, ms */
  trainingMs: number[];
}

const empty = (): FoldFigures => ({
  replies: 0,
  right: 0,
  alone: 0,
  aloneRight: 0,
  stopsDecidedOtherwise: 0,
  falseStops: 0,
});

async function measureInto(f: FoldFigures, classifier: ReplyClassifier, fold: readonly LabelledReply[]) {
  for (const r of fold) {
    const c = await classifier.classify(r.text, new Date(r.receivedAt ?? LABELLED_RECEIVED_AT));
    const alone = decidesAlone(c);
    f.replies++;
    if (c.intent === r.intent) f.right++;
    if (!alone) continue;
    f.alone++;
    if (c.intent === r.intent) f.aloneRight++;
    if (r.intent === "unsubscribe" && c.intent !== "unsubscribe") f.stopsDecidedOtherwise++;
    if (r.intent !== "unsubscribe" && c.intent === "unsubscribe") f.falseStops++;
  }
}

export async function crossValidate(
  set: readonly LabelledReply[],
  k = 5,
  voteShare = MODEL_VOTE_SHARE,
): Promise<CrossValidation> {
  const cv: CrossValidation = { k, rules: empty(), model: empty(), combined: empty(), trainingMs: [] };
  for (let i = 0; i < k; i++) {
    const fold = set.filter((_, j) => j % k === i);
    const rest = set.filter((_, j) => j % k !== i);
    const model: ReplyModel = trainReplyModel(rest);
    cv.trainingMs.push(model.trainingMs);
    // the model alone never acts alone (confidence 0): only its accuracy is compared
    const alone: ReplyClassifier = {
      name: "model",
      async classify(text) {
        return { intent: model.vote(text).intent, returnDate: null, confidence: 0, by: "model" };
      },
    };
    await measureInto(cv.rules, ruleClassifier, fold);
    await measureInto(cv.model, alone, fold);
    await measureInto(
      cv.combined,
      combinedClassifier(async () => model, voteShare),
      fold,
    );
  }
  return cv;
}

const share = (n: number, of: number) => (of === 0 ? "-" : (n / of).toFixed(2));

/** The table the test prints, in Markdown (docs/mailboxes.md, "Rules and model"). */
export function formatCrossValidation(cv: CrossValidation): string {
  const row = (name: string, f: FoldFigures) =>
    `| ${name} | ${f.replies} | ${share(f.right, f.replies)} | ${share(f.alone, f.replies)} | ` +
    `${share(f.aloneRight, f.alone)} | ${f.alone - f.aloneRight} | ${f.stopsDecidedOtherwise} | ${f.falseStops} |`;
  const ms = cv.trainingMs.map((t) => Math.round(t)).join(", ");
  return [
    `${cv.k}-fold cross-validation on the tuned sets (training ${ms} ms)`,
    "",
    "| classifier | replies | intent right | decided alone | right alone | wrong alone | stops decided otherwise | false stops |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
    row("rules", cv.rules),
    row("model", cv.model),
    row("rules+model", cv.combined),
  ].join("\n");
}
