// The stored reply model (trained-reply-model.ts) is the one the tuned sets train now: same
// digest, same weights, same votes. When this fails, run `npm run replies:model`.
import { describe, expect, it } from "vitest";
import { LABELLED_REPLIES } from "./labelled-replies.ts";
import { digestOfSet, networkOfStored, storeReplyModel } from "./serialise-reply-model.ts";
import { modelFromJson, trainReplyModel } from "./train-reply-model.ts";
import { TRAINED_REPLY_MODEL } from "./trained-reply-model.ts";

describe("the stored reply model", () => {
  it("was trained on the tuned sets as they are", () => {
    expect(TRAINED_REPLY_MODEL.digest, "run npm run replies:model").toBe(digestOfSet(LABELLED_REPLIES));
  });

  it("holds exactly the weights training gives now, and votes as the trained model (prints the training time)", () => {
    const trained = trainReplyModel(LABELLED_REPLIES);
    console.log(
      `model trained on ${LABELLED_REPLIES.length} replies in ${Math.round(trained.trainingMs)} ms`,
    );
    const stored = storeReplyModel(trained.toJson(), digestOfSet(LABELLED_REPLIES));
    expect(stored, "run npm run replies:model").toEqual(TRAINED_REPLY_MODEL);
    const started = performance.now();
    const loaded = modelFromJson(networkOfStored(TRAINED_REPLY_MODEL));
    console.log(`stored model loaded in ${(performance.now() - started).toFixed(1)} ms`);
    for (const r of LABELLED_REPLIES) expect(loaded.vote(r.text)).toEqual(trained.vote(r.text));
  }, 60_000);
});
