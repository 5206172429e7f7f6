// The reply model trained on the tuned sets (labelled-replies.ts, 1,122 replies) at first use:
// once per process, cached (issue 56 item 3). The held-out set (test/fixtures/replies/holdout)
// is never part of it.
import type { ReplyClassifier } from "./classifier.ts";
import { combinedClassifier } from "./combined-classifier.ts";
import { LABELLED_REPLIES } from "./labelled-replies.ts";
import { type ReplyModel, trainReplyModel } from "./train-reply-model.ts";

let trained: Promise<ReplyModel> | undefined;

/** The model on the tuned sets, trained on the first call and cached for the process. */
export function tunedReplyModel(): Promise<ReplyModel> {
  trained ??= Promise.resolve().then(() => trainReplyModel(LABELLED_REPLIES));
  return trained;
}

/** The rules with the model on the tuned sets: REPLY_CLASSIFIER=rules+model. */
export const rulesAndModelClassifier: ReplyClassifier = combinedClassifier(tunedReplyModel);
