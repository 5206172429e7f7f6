// The tenant's own reply model (issue 72 item 2, "the tenant's model learns"): the base model
// (trained-reply-model.ts, on the tuned sets) warm-started on the replies the tenant's people decided
// in triage, kept only when it reads the tenant's own held-out replies better. Pure: no database
// (src/campaigns/triage/reply-models.ts reads the examples and records the versions; the training
// runs in a worker thread, train-tenant-model-worker.ts).
//
// How a candidate is trained: @nlpjs/neural's own perceptron rule, started from the base model's
// weights (fromJSON) rather than from zero, over the tenant's examples only, for a bounded number of
// passes (TENANT_TRAINING). The vocabulary is the base model's and stays so: a word the base never
// saw adds no feature. So the tenant's model holds no word of any reply (its stored form is weights
// over the base's features: nothing an erasure would have to reach), and the base's behaviour on
// the words the tenant's examples do not use is kept as it was. Whether the candidate reads the
// tenant's mail better is measured, not assumed: both it and the current model are scored as the
// classifier uses them (the rules with the model's vote, combineReadings) on a held-out slice of the
// tenant's own examples that the candidate never trained on.
import { createHash } from "node:crypto";
import { NeuralNetwork, type NeuralSample } from "@nlpjs/neural";
import { decidesAlone } from "./automation.ts";
import { REPLY_INTENTS, type ReplyIntent } from "./classifier.ts";
import { combineReadings } from "./combined-classifier.ts";
import { replyFeatures } from "./reply-features.ts";
import { modelOf, type NetworkJson, type ReplyModel } from "./reply-model.ts";
import { readReply } from "./rule-classifier.ts";

/** One labelled reply of the tenant: a person's decision on it (the label) and its text as read. */
export interface TenantExample {
  id: string;
  text: string;
  receivedAt: string;
  intent: ReplyIntent;
}

/** A tenant model as stored (reply_model_versions.model): weights over the base model's features. */
export interface StoredTenantModel {
  /** the base model's digest: its features are this model's */
  base: string;
  intents: string[];
  /** per intent: the weights as little-endian float32, base64, one per base feature */
  weights: string[];
  biases: number[];
}

/** The training's settings: a warm start, a bounded number of passes, a gentler rate than from zero. */
export const TENANT_TRAINING = { iterations: 200, learningRate: 0.2 } as const;

/** About one example in five is held out, chosen by the reply's id (stable as examples are added). */
export const HELD_OUT_ONE_IN = 5;

/** Whether a reply's example is in the held-out slice: a hash of its id, never its text or label. */
export function isHeldOut(replyId: string): boolean {
  return createHash("sha256").update(replyId).digest().readUInt32BE(0) % HELD_OUT_ONE_IN === 0;
}

export const isReplyIntent = (x: string | null): x is ReplyIntent =>
  x !== null && (REPLY_INTENTS as readonly string[]).includes(x);

/**
 * How a model reads the held-out slice, as the classifier uses it (the rules and its vote). The
 * intent read is always the rules' (combineReadings: the model's vote only sends a reading to a
 * person, or adds a stop signal), so what a model changes is which readings Baton may act on alone:
 * a reading is handled right when it is sure (decidesAlone) and names the intent the person chose,
 * or unsure (a person decides) where the intent read was wrong.
 */
export interface SliceScore {
  total: number;
  /** handled right: sure and right, or unsure and wrong */
  correct: number;
  /** correct / total (0 for an empty slice) */
  accuracy: number;
  /** sure readings of another intent than the person's: Baton would have acted wrongly alone */
  wrong_alone: number;
  /** unsubscribes in the slice read as something else, with no stop signal */
  stop_missed: number;
}

export function scoreOnSlice(model: Pick<ReplyModel, "vote">, slice: readonly TenantExample[]): SliceScore {
  let correct = 0;
  let wrongAlone = 0;
  let stopMissed = 0;
  for (const x of slice) {
    const c = combineReadings(readReply(x.text, new Date(x.receivedAt)), model.vote(x.text));
    const sure = decidesAlone(c);
    const right = c.intent === x.intent;
    if (sure === right) correct++;
    if (sure && !right) wrongAlone++;
    if (x.intent === "unsubscribe" && c.intent !== "unsubscribe" && c.stopSignal !== true) stopMissed++;
  }
  return {
    total: slice.length,
    correct,
    accuracy: slice.length ? correct / slice.length : 0,
    wrong_alone: wrongAlone,
    stop_missed: stopMissed,
  };
}

/**
 * Whether the candidate is kept: strictly more of the slice handled right, and no worse where it
 * matters most: no more stop requests missed, no more wrong decisions alone.
 */
export function beats(candidate: SliceScore, current: SliceScore): { kept: boolean; reason: string | null } {
  if (candidate.stop_missed > current.stop_missed)
    return { kept: false, reason: "misses_more_stop_requests" };
  if (candidate.wrong_alone > current.wrong_alone) return { kept: false, reason: "more_wrong_alone" };
  if (candidate.correct <= current.correct) return { kept: false, reason: "not_better_on_held_out" };
  return { kept: true, reason: null };
}

/** A network whose training keeps the base's vocabulary (CorpusLookup.build would rebuild it). */
interface WarmNetwork {
  lookup: {
    inputLookup: { prepare(x: Record<string, number>): unknown };
    outputLookup: { prepare(x: Record<string, number>): unknown };
  };
  prepareCorpus(corpus: NeuralSample[]): unknown[];
}

/** The candidate: the base network warm-started on the tenant's training examples (deterministic). */
export function trainTenantModel(
  base: NetworkJson,
  examples: readonly TenantExample[],
  now: () => number = () => performance.now(),
): ReplyModel {
  const started = now();
  const net = new NeuralNetwork();
  net.fromJSON({ ...base, settings: { ...base.settings, ...TENANT_TRAINING, log: false } });
  const warm = net as unknown as WarmNetwork;
  // train() prepares the corpus with a lookup built from it; this keeps the base's, so the weights
  // trained are the base's own, feature for feature (a feature it does not know is dropped)
  warm.prepareCorpus = (corpus) =>
    corpus.map((s) => ({
      input: warm.lookup.inputLookup.prepare(s.input),
      output: warm.lookup.outputLookup.prepare(s.output),
    }));
  net.train(examples.map((x) => ({ input: replyFeatures(x.text), output: { [x.intent]: 1 } })));
  return modelOf(net, now() - started);
}

/** The stored form of a model over the base's features (its features are checked, then left out). */
export function storeTenantModel(
  json: NetworkJson,
  base: NetworkJson,
  baseDigest: string,
): StoredTenantModel {
  if (json.features.length !== base.features.length || json.intents.join() !== base.intents.join())
    throw new Error("a tenant model's features are the base model's");
  return {
    base: baseDigest,
    intents: json.intents,
    weights: json.perceptrons.map((p) =>
      Buffer.from(Float32Array.from(p.slice(0, -1)).buffer).toString("base64"),
    ),
    biases: json.perceptrons.map((p) => p[p.length - 1]),
  };
}

/** The network of a stored tenant model, over the base's features. */
export function networkOfTenantModel(stored: StoredTenantModel, base: NetworkJson): NetworkJson {
  const perceptrons = stored.weights.map((w, i) => {
    const weights = new Float32Array(Uint8Array.from(Buffer.from(w, "base64")).buffer);
    if (weights.length !== base.features.length)
      throw new Error("tenant model: weights do not match features");
    return [...weights, stored.biases[i]];
  });
  return { settings: {}, features: base.features, intents: stored.intents, perceptrons };
}

/** The base model's version as a reading names it. */
export const baseModelVersion = (digest: string) => `base:${digest.slice(0, 12)}`;
/** A tenant model's version as a reading names it. */
export const tenantModelVersion = (version: number) => `tenant:${version}`;
