// The reply model on the tuned sets (labelled-replies.ts, 1,122 replies), ready at first use: once
// per process, cached (issue 56 item 3). Loaded from trained-reply-model.ts while that was trained
// on the sets as they are (its digest), trained here otherwise (about a second). The sets and the
// stored model (half a megabyte) are imported at first use only, not by every process that
// imports the campaigns. The held-out set (test/fixtures/replies/holdout) is never part of it.
import type { ReplyClassifier } from "./classifier.ts";
import { combinedClassifier } from "./combined-classifier.ts";
import type { ReplyModel } from "./train-reply-model.ts";

let ready: Promise<ReplyModel> | undefined;

async function loadOrTrain(): Promise<ReplyModel> {
  const [{ LABELLED_REPLIES }, { TRAINED_REPLY_MODEL }, stored, train] = await Promise.all([
    import("./labelled-replies.ts"),
    import("./trained-reply-model.ts"),
    import("./serialise-reply-model.ts"),
    import("./train-reply-model.ts"),
  ]);
  if (TRAINED_REPLY_MODEL.digest === stored.digestOfSet(LABELLED_REPLIES))
    return train.modelFromJson(stored.networkOfStored(TRAINED_REPLY_MODEL));
  return train.trainReplyModel(LABELLED_REPLIES);
}

/** The model on the tuned sets, loaded (or trained) on the first call and cached for the process. */
export function tunedReplyModel(): Promise<ReplyModel> {
  ready ??= loadOrTrain();
  return ready;
}

/** The rules with the model on the tuned sets: the default reply classifier (create-classifier.ts). */
export const rulesAndModelClassifier: ReplyClassifier = combinedClassifier(tunedReplyModel);
