// The trained reply model kept in the repository (trained-reply-model.ts, written by
// `npm run replies:model`) so a process does not spend a second training it (issue 56 item 3: CI
// stays fast). Exact: the weights are @nlpjs/neural's float32 values, base64-encoded, and the
// biases plain numbers, so the loaded model votes exactly as the trained one. It is used only
// while the digest of the tuned sets it was trained on matches the sets (model-classifier.ts).
import { createHash } from "node:crypto";
import type { LabelledReply } from "./labelled-reply.ts";
import type { NetworkJson } from "./train-reply-model.ts";

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

export function digestOfSet(set: readonly LabelledReply[]): string {
  return createHash("sha256")
    .update(JSON.stringify(set.map((r) => [r.text, r.intent])))
    .digest("hex");
}

export function storeReplyModel(json: NetworkJson, digest: string): StoredReplyModel {
  if (json.features.some((f) => f.includes("\n"))) throw new Error("a feature holds a line break");
  return {
    digest,
    intents: json.intents,
    features: json.features.join("\n"),
    weights: json.perceptrons.map((p) =>
      Buffer.from(Float32Array.from(p.slice(0, -1)).buffer).toString("base64"),
    ),
    biases: json.perceptrons.map((p) => p[p.length - 1]),
  };
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
