// When a reply's reading is sure enough for Baton to act alone (issue 56 item 3): one threshold
// per intent, set here and nowhere else. Below it, or where the intent has none, the reply waits in
// the triage queue for a person, and the contact's automatic touches stay held meanwhile.
// - `other` and `referral` never act alone: continuing a sequence after a person spoke, or opening
//   a new contact, is a person's call.
// - a positive exit (interested, meeting) runs on_exit, which may enroll the person elsewhere:
//   the highest bar.
// - any stop signal in a reply that is not a sure unsubscribe sends it to a person.
// - a positive reading of a reply that asks something (a price, references) sends it to a person.
import type { Classification, ReplyIntent } from "./classifier.ts";

export const AUTOMATION_THRESHOLDS: Readonly<Record<ReplyIntent, number | null>> = {
  unsubscribe: 0.9,
  not_interested: 0.9,
  interested: 0.95,
  meeting: 0.95,
  out_of_office: 0.9,
  later: 0.9,
  referral: null,
  other: null,
};

/** Whether Baton may act on this reading without a person. */
export function decidesAlone(c: Classification): boolean {
  const threshold = AUTOMATION_THRESHOLDS[c.intent];
  if (threshold === null || c.confidence < threshold) return false;
  if (c.stopSignal && c.intent !== "unsubscribe") return false;
  // a question is not a yes (issue 72): a price or references asked goes to a person
  if ((c.intent === "interested" || c.intent === "meeting") && c.asksQuestion) return false;
  // a delay without a date is a person's call (when to try again)
  if (c.intent === "later" && c.returnDate === null) return false;
  return true;
}
