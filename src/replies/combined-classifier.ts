// The rules and the model together (issue 56 item 3: "where a classifier trained on the labelled
// examples beats the rules on the held-out set, use it, the rules kept for what they do best").
// The rules read the reply: what is the writer's own, stop signals, dates, referral targets, and
// how sure the reading is. The model votes on the intent:
// - it agrees: the rules' reading stands;
// - it disagrees, sure enough of its vote: the reading drops below every automation threshold, so
//   a person decides (automation.ts), with the rules' intent (on the tuned sets, the model's intent
//   where the rules found none was wrong more often than right);
// - it is sure of a stop (unsubscribe) the rules saw no sign of: stopSignal is set, so nothing but
//   a sure unsubscribe is acted on alone;
// - a data-protection request the rules read stands whatever the model votes; so do a stop against
//   a vote for a no, and a meeting against a vote for a referral (below).
import type { Classification, ReplyClassifier, VotingModel } from "./classifier.ts";
import type { ModelVote } from "./reply-model.ts";
import { type RuleReading, readReply } from "./rule-classifier.ts";

/** The model's share of the scores from which its vote counts (cross-validated on the tuned sets). */
export const MODEL_VOTE_SHARE = 0.5;
/** A stop the rules missed counts from this share. */
export const MODEL_STOP_SHARE = 0.6;
/** A disagreement's confidence: under every intent's threshold (automation.ts), so a person decides. */
export const DISAGREEMENT_CONFIDENCE = 0.5;

export function combineReadings(
  rules: RuleReading,
  vote: ModelVote,
  voteShare = MODEL_VOTE_SHARE,
  stopShare = MODEL_STOP_SHARE,
): Classification {
  const c = rules.classification;
  const counts = vote.share >= voteShare;
  const stopMissed = vote.intent === "unsubscribe" && vote.share >= stopShare && !c.stopSignal;
  const stopSignal = (c.stopSignal ?? false) || stopMissed;
  // a data-protection request names itself (issue 72): the model's vote does not unmake it
  if (!counts || vote.intent === c.intent || c.dataRequest) {
    return { ...c, stopSignal, by: `${c.by}+model:${counts ? "agrees" : "unsure"}` };
  }
  // Nor does a vote for a no unmake a stop the rules read: a no and a stop are both a stop, and
  // stopping is always safe (reading-confidence.ts). "No interest, and don't mail me again", voted a
  // no, went to a person while the contact stayed enrolled elsewhere. A vote for anything else (a
  // yes, an absence, nothing) still makes the stop a person's call: the stop words may be no request.
  if (c.intent === "unsubscribe" && vote.intent === "not_interested")
    return { ...c, stopSignal, by: `${c.by}+model:${vote.intent}:stop_stands` };
  // A meeting the rules read stands against a vote for a referral: the model hears an address or a
  // link ("book a slot: https://…", "my assistant anna@… keeps my diary") as someone else to write
  // to, and a booking address is a meeting, not a referral (issue 72). On the replies written for
  // the check, all 24 such readings were meetings.
  if (c.intent === "meeting" && vote.intent === "referral")
    return { ...c, stopSignal, by: `${c.by}+model:${vote.intent}:meeting_stands` };
  return {
    ...c,
    confidence: Math.min(c.confidence, DISAGREEMENT_CONFIDENCE),
    by: `${c.by}+model:${vote.intent}`,
    stopSignal,
  };
}

/**
 * A classifier over the rules and a model, which it gets (and may train) on its first reply. The
 * reading names the model's version when it has one (modelVersion); withModel gives the same
 * classifier with another model voting (a tenant's own: src/campaigns/triage/reply-models.ts).
 */
export function combinedClassifier(
  model: () => Promise<{ vote(text: string): ModelVote; readonly version?: string }>,
  voteShare = MODEL_VOTE_SHARE,
  stopShare = MODEL_STOP_SHARE,
): ReplyClassifier {
  return {
    name: "rules+model",
    async classify(text: string, receivedAt: Date): Promise<Classification> {
      const m = await model();
      const c = combineReadings(readReply(text, receivedAt), m.vote(text), voteShare, stopShare);
      return m.version ? { ...c, modelVersion: m.version } : c;
    },
    withModel: (other: VotingModel) => combinedClassifier(async () => other, voteShare, stopShare),
  };
}
