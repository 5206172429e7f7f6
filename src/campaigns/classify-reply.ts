// A reply a person logs from the prospect page (issue 37 item 2): first the classifier's reading,
// writing nothing, then the reply processed with the class the person kept or chose instead
// (spec 002 process_reply; the classifier is pluggable, and a person overrules it).
import type { Principal } from "../auth/principal.ts";
import type { Classification, ReplyClassifier, ReplyIntent } from "../replies/index.ts";
import { campaignPorts } from "./ports.ts";
import { requireReplySubmitter } from "./process-reply.ts";

export { REPLY_INTENTS } from "../replies/index.ts";

/** The classifier's reading of a reply; nothing is stored. */
export async function classifyReply(
  actor: Principal,
  text: string,
  receivedAt: Date,
): Promise<Classification> {
  requireReplySubmitter(actor, "classify inbound replies");
  return (await campaignPorts()).classifier.classify(text, receivedAt);
}

/**
 * The class a person chose for a reply: processReply uses it instead of classifying again. The
 * classifier still reads the return date of an out-of-office or a delay when the person gave none.
 * A person's choice is sure (confidence 1: automation.ts acts on it, issue 56); the classifier's
 * own reading is kept in `by`.
 */
export function chosenClassifier(intent: ReplyIntent, returnDate: Date | null): ReplyClassifier {
  return {
    name: "person",
    classify: async (text, receivedAt) => {
      const machine = await (await campaignPorts()).classifier.classify(text, receivedAt);
      const agreed = machine.intent === intent;
      return {
        intent,
        returnDate:
          returnDate ?? (intent === "out_of_office" || intent === "later" ? machine.returnDate : null),
        confidence: 1,
        referral: intent === "referral" ? (machine.referral ?? null) : null,
        by: agreed
          ? `${machine.by}; confirmed by a person`
          : `a person (the classifier read ${machine.intent})`,
      };
    },
  };
}
