// The reply model trained on the tuned sets (test/fixtures/replies/tuned/labelled-replies.ts, 1,122
// replies), ready at first use: loaded once per process from trained-reply-model.ts (issue 56 item
// 3) and cached. The stored model (half a megabyte) is imported at first use only, not by every
// process that imports the campaigns. A process ships no labelled replies and never trains:
// test/replies/stored-reply-model.test.ts fails until `npm run replies:model` has stored the model
// the sets train now. The held-out set (test/fixtures/replies/holdout) is never part of it.
import type { ReplyClassifier } from "./classifier.ts";
import { combinedClassifier } from "./combined-classifier.ts";
import type { ReplyModel } from "./reply-model.ts";

let ready: Promise<ReplyModel> | undefined;

async function load(): Promise<ReplyModel> {
  const [{ TRAINED_REPLY_MODEL }, { networkOfStored }, { modelFromJson }] = await Promise.all([
    import("./trained-reply-model.ts"),
    import("./serialise-reply-model.ts"),
    import("./reply-model.ts"),
  ]);
  return modelFromJson(networkOfStored(TRAINED_REPLY_MODEL));
}

/** The model on the tuned sets, loaded on the first call and cached for the process. */
export function tunedReplyModel(): Promise<ReplyModel> {
  ready ??= load();
  return ready;
}

/** The rules with the model on the tuned sets: the default reply classifier (create-classifier.ts). */
export const rulesAndModelClassifier: ReplyClassifier = combinedClassifier(tunedReplyModel);
