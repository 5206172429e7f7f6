// Training the reply model (issue 56 item 3) on labelled replies, and writing it in the stored form
// a process loads (src/replies/serialise-reply-model.ts). Deterministic: the same set in the same
// order gives the same weights (no random start, no shuffling), so the suite, the measurements and
// `npm run replies:model` (scripts/gen-reply-model.ts) are reproducible. Not shipped: a process
// only loads the stored model (src/replies/model-classifier.ts).
import { createHash } from "node:crypto";
import { NeuralNetwork, type NeuralSample } from "@nlpjs/neural";
import { replyFeatures } from "../../../src/replies/reply-features.ts";
import { modelOf, type NetworkJson, type ReplyModel } from "../../../src/replies/reply-model.ts";
import type { StoredReplyModel } from "../../../src/replies/serialise-reply-model.ts";
import type { LabelledReply } from "../../fixtures/replies/tuned/labelled-reply.ts";

export function trainReplyModel(
  set: readonly LabelledReply[],
  now: () => number = () => performance.now(),
): ReplyModel {
  const started = now();
  const net = new NeuralNetwork({ log: false });
  const corpus: NeuralSample[] = set.map((r) => ({
    input: replyFeatures(r.text),
    output: { [r.intent]: 1 },
  }));
  net.train(corpus);
  return modelOf(net, now() - started);
}

/** sha256 of a set's (text, intent) pairs, in order: what the stored model was trained on. */
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
