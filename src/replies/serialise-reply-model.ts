// The trained reply model kept in the repository (trained-reply-model.ts, written by
// `npm run replies:model`) so a process does not spend a second training it (issue 56 item 3: CI
// stays fast). Exact: the weights are @nlpjs/neural's float32 values, base64-encoded, and the
// biases plain numbers, so the loaded model votes exactly as the trained one. Written by the
// trainer (test/support/replies/train-reply-model.ts: storeReplyModel); test/replies/
// stored-reply-model.test.ts fails when it is not the model the tuned sets train now.
import type { NetworkJson } from "./reply-model.ts";

export interface StoredReplyModel {
  /** sha256 of the training set's (text, intent) pairs, in order */
  digest: string;
  intents: string[];
  /** the features, one a line */
  features: string;
  /** per intent: the weights as little-endian float32, base64 */
  weights: string[];
  biases: number[];
}

export function networkOfStored(stored: StoredReplyModel): NetworkJson {
  const features = stored.features.split("\n");
  const perceptrons = stored.weights.map((w, i) => {
    // copied: a Buffer from the pool may start at an offset float32 cannot be read at
    const weights = new Float32Array(Uint8Array.from(Buffer.from(w, "base64")).buffer);
    if (weights.length !== features.length)
      throw new Error("stored reply model: weights do not match features");
    return [...weights, stored.biases[i]];
  });
  return { settings: {}, features, intents: stored.intents, perceptrons };
}
