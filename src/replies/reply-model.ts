// The reply model (issue 56 item 3): @nlpjs/neural's one-layer network (one perceptron per
// intent, weights starting at zero, no outside weights) and its vote on a reply. A process only
// loads it (modelFromJson, from trained-reply-model.ts); training on the labelled replies is the
// trainer's (test/support/replies/train-reply-model.ts, run by `npm run replies:model` and the tests).
import { NeuralNetwork } from "@nlpjs/neural";
import { REPLY_INTENTS, type ReplyIntent } from "./classifier.ts";
import { replyFeatures } from "./reply-features.ts";

/** The model's vote on a reply: the intent it scores highest and that score's share of all scores. */
export interface ModelVote {
  intent: ReplyIntent;
  /** 0..1: the top score over the sum of the scores (0 when nothing scores: no known word). */
  share: number;
}

/** A trained network as @nlpjs/neural writes it (toJSON): each perceptron's weights, its bias last. */
export interface NetworkJson {
  settings: Record<string, unknown>;
  features: string[];
  intents: string[];
  perceptrons: number[][];
}

export interface ReplyModel {
  vote(text: string): ModelVote;
  /** How long training took, in ms (0: loaded, not trained). */
  readonly trainingMs: number;
  toJson(): NetworkJson;
}

const isIntent = (x: string): x is ReplyIntent => (REPLY_INTENTS as readonly string[]).includes(x);

export function voteOf(scores: Record<string, number> | undefined): ModelVote {
  let intent: ReplyIntent = "other";
  let top = 0;
  let sum = 0;
  // REPLY_INTENTS' order breaks ties, so the vote does not depend on the object's key order
  for (const i of REPLY_INTENTS) {
    const s = scores?.[i] ?? 0;
    sum += s;
    if (s > top) {
      top = s;
      intent = i;
    }
  }
  return { intent, share: sum > 0 ? top / sum : 0 };
}

/** The model of a network, trained or loaded (trainingMs 0). */
export function modelOf(net: NeuralNetwork, trainingMs: number): ReplyModel {
  return {
    trainingMs,
    vote(text: string): ModelVote {
      const scores = net.run(replyFeatures(text));
      const known: Record<string, number> = {};
      for (const [k, v] of Object.entries(scores ?? {})) if (isIntent(k)) known[k] = v;
      return voteOf(known);
    },
    toJson: () => net.toJSON() as NetworkJson,
  };
}

/** A model trained before (serialise-reply-model.ts): the same votes as the network it was written from. */
export function modelFromJson(json: NetworkJson): ReplyModel {
  const net = new NeuralNetwork();
  net.fromJSON(json);
  return modelOf(net, 0);
}
