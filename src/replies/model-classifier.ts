// The reply model on the tuned sets (labelled-replies.ts, 1,122 replies), ready at first use: once
// per process, cached (issue 56 item 3). Loaded from trained-reply-model.ts while that was trained
// on the sets as they are (its digest), trained here otherwise (about a second). The held-out set
// (test/fixtures/replies/holdout) is never part of it.
import type { ReplyClassifier } from "./classifier.ts";
import { combinedClassifier } from "./combined-classifier.ts";
import { LABELLED_REPLIES } from "./labelled-replies.ts";
import { digestOfSet, networkOfStored } from "./serialise-reply-model.ts";
import { modelFromJson, type ReplyModel, trainReplyModel } from "./train-reply-model.ts";
import { TRAINED_REPLY_MODEL } from "./trained-reply-model.ts";

let ready: Promise<ReplyModel> | undefined;

function loadOrTrain(): ReplyModel {
  if (TRAINED_REPLY_MODEL.digest === digestOfSet(LABELLED_REPLIES))
    return modelFromJson(networkOfStored(TRAINED_REPLY_MODEL));
  return trainReplyModel(LABELLED_REPLIES);
}

/** The model on the tuned sets, loaded (or trained) on the first call and cached for the process. */
export function tunedReplyModel(): Promise<ReplyModel> {
  ready ??= Promise.resolve().then(loadOrTrain);
  return ready;
}

/** The rules with the model on the tuned sets: the default reply classifier (create-classifier.ts). */
export const rulesAndModelClassifier: ReplyClassifier = combinedClassifier(tunedReplyModel);
