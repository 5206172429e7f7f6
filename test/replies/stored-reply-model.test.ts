// The stored reply model (trained-reply-model.ts) is the one the tuned sets train now: same
// digest, same weights, same votes. When this fails, run `npm run replies:model`. And the tuned sets
// (test/fixtures/replies/tuned) hold none of the held-out replies (every set of HOLDOUT_SETS),
// which the model must never see: only a count is said, never a held-out reply's text.
import { describe, expect, it } from "vitest";
import { modelFromJson } from "../../src/replies/reply-model.ts";
import { networkOfStored } from "../../src/replies/serialise-reply-model.ts";
import { TRAINED_REPLY_MODEL } from "../../src/replies/trained-reply-model.ts";
import { LABELLED_REPLIES } from "../fixtures/replies/tuned/labelled-replies.ts";
import { digestOfSet, storeReplyModel, trainReplyModel } from "../support/replies/train-reply-model.ts";
import { HOLDOUT_SETS, loadHoldout } from "./measure-holdout.ts";

/**
 * How many replies of `set` are also held-out replies (their words compared, case and spacing
 * aside). One-word replies ("unsubscribe" and its like in each language) are left out: both sets
 * were written apart and have six in common, the language's own word for it, not a leak.
 */
function heldOutAmong(set: readonly { text: string }[], heldOut: readonly { text: string }[]): number {
  const words = (t: string) => t.toLowerCase().replace(/\s+/g, " ").trim();
  const held = new Set(heldOut.map((r) => words(r.text)).filter((w) => w.includes(" ")));
  return set.filter((r) => held.has(words(r.text))).length;
}

describe("the stored reply model", () => {
  it("is trained on none of the held-out replies (a set holding one is caught)", () => {
    const heldOut = HOLDOUT_SETS.flatMap((set) => loadHoldout(set.dir));
    expect(heldOutAmong(LABELLED_REPLIES, heldOut), "held-out replies in the tuned sets").toBe(0);
    const one = heldOut.filter((r) => r.text.trim().includes(" "))[heldOut.length >> 1];
    const leaked = { intent: one.intent, text: ` ${one.text.toUpperCase()}\n` };
    expect(heldOutAmong([...LABELLED_REPLIES, leaked], heldOut)).toBe(1);
  });

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
