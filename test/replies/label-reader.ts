// A reader that knows the answers: each labelled reply (the held-out sets' and the tuned stream's) is
// read as its labels say, with full confidence. Not a classifier but a measuring stick: sent through
// the real path (processReply, the earned classes, their spot checks), it shows what the policy alone
// sends to a person, a floor no classifier can go under (`HOLDOUT_READER=labels npm run
// replies:holdout-earned`; docs/mailboxes.md "The floor of sent to a person"). It never prints or
// returns a reply's text: it maps text to labels inside this process only.
import type { Classification, ReplyClassifier } from "../../src/replies/classifier.ts";
import { LABELLED_REPLIES } from "../fixtures/replies/tuned/labelled-replies.ts";
import type { HoldoutReply } from "./measure-holdout.ts";

const day = (d: string | null | undefined) => (d ? new Date(`${d}T00:00:00Z`) : null);

/** The labels of a held-out reply as a reading. */
function fromHoldout(r: HoldoutReply): Classification {
  const email = r.referral_email;
  const person = email ? { name: null, email } : null;
  return {
    intent: r.intent,
    returnDate: r.intent === "later" || r.intent === "out_of_office" ? day(r.date) : null,
    confidence: 1,
    by: "labels",
    stopSignal: r.stop,
    dataRequest: r.data_protection ?? null,
    leftCompany: r.left_company === true,
    successor: r.left_company ? person : null,
    referral: r.intent === "referral" && !r.left_company ? person : null,
    asksQuestion: r.to_person === true,
  };
}

/**
 * The labels' reader for `sets` and the tuned stream. A text without labels fails the measure: a
 * measuring stick that fell back on a classifier would mix its guesses into the floor.
 */
export function labelReader(sets: readonly (readonly HoldoutReply[])[]): ReplyClassifier {
  const byText = new Map<string, Classification>();
  for (const r of LABELLED_REPLIES)
    byText.set(r.text, {
      intent: r.intent,
      returnDate: day(r.returnDate),
      confidence: 1,
      by: "labels",
      stopSignal: r.intent === "unsubscribe",
      referral: r.intent === "referral" ? { name: null, email: r.referralEmail ?? null } : null,
    });
  for (const set of sets) for (const r of set) byText.set(r.text, fromHoldout(r));
  return {
    name: "the labels (a perfect reader)",
    async classify(text) {
      const known = byText.get(text);
      if (!known) throw new Error("label reader: a reply without labels (its text is not printed)");
      return { ...known };
    },
  };
}
