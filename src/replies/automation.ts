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

/**
 * Whether the reading is sure: the fixed rules under which Baton may act on it without a person.
 * For a tenant it acts alone only where the class is open too (decidesAloneIn below).
 */
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

// Automation earned from the team's decisions (issue 72 item 1; docs/campaigns.md "Automation
// earned"). decidesAlone says whether a reading is sure; Baton acts on a sure reading alone only
// where its class (the tenant, the intent, the reply's language) is open, and a class opens only on
// the people's own agreement with its readings:
// - a person's triage decision on a sure reading of the class, at or above the class's confidence
//   band, counts: agreed when the decision implies the intent the reading gave. An agent's does not.
// - a closed class opens when at least EARN_MIN_DECISIONS decisions are counted and at least
//   EARN_MIN_AGREEMENT of them agreed.
// - a disagreement while open closes it at once, and the tally starts again from that decision (1
//   decided, 0 agreed): it takes 33 agreements in a row to open again.
// - while open, every SPOT_CHECK_EVERY-th sure reply of the class still goes to a person (a count
//   on the class row, reply_automation_classes.spot_check_every), so agreement keeps being measured
//   where Baton acts alone: a disagreement can only be seen on a reply a person reads.
// - RevOps closes a class by hand; it stays closed (the tally goes on) until RevOps reopens it, which
//   starts the tally again at 0: a class is earned, never opened outright.
// A sure unsubscribe has no class: a stop request is honoured at once, never withheld.

export const EARN_MIN_DECISIONS = 30;
export const EARN_MIN_AGREEMENT = 0.97;
export const SPOT_CHECK_EVERY = 10;

/** The intents whose automation is earned (a sure unsubscribe always acts; referral, other never). */
export const EARNED_INTENTS = ["interested", "meeting", "not_interested", "out_of_office", "later"] as const;
export type EarnedIntent = (typeof EARNED_INTENTS)[number];

export function isEarnedIntent(intent: string): intent is EarnedIntent {
  return (EARNED_INTENTS as readonly string[]).includes(intent);
}

/** A reply's language as its class names it: a short code, `und` when it is not known. */
export function classLanguage(language: string | null | undefined): string {
  const l = (language ?? "").toLowerCase().split(/[-_]/)[0];
  return /^[a-z]{2,3}$/.test(l) ? l : "und";
}

export type ClassState = "closed" | "open" | "closed_by_hand";

export interface ClassTally {
  state: ClassState;
  decided: number;
  agreed: number;
}

/** Whether a tally has earned its class (decided ≥ 30, agreement ≥ 97%). */
export function earned(t: Pick<ClassTally, "decided" | "agreed">): boolean {
  // in whole percents: 0.97 * 100 is 97.00000000000001 in floating point
  return (
    t.decided >= EARN_MIN_DECISIONS && t.agreed * 100 >= Math.round(EARN_MIN_AGREEMENT * 100) * t.decided
  );
}

/**
 * A class after one counted decision: the new tally and, when the state changed, how (`opened`,
 * or `closed` by this disagreement).
 */
export function countDecision(
  t: ClassTally,
  agreed: boolean,
): ClassTally & { change: "opened" | "closed" | null } {
  if (t.state === "open" && !agreed) return { state: "closed", decided: 1, agreed: 0, change: "closed" };
  const next = { state: t.state, decided: t.decided + 1, agreed: t.agreed + (agreed ? 1 : 0) };
  if (t.state === "closed" && earned(next)) return { ...next, state: "open", change: "opened" };
  return { ...next, change: null };
}

/**
 * Whether Baton acts alone on this reading for this tenant: a sure reading (decidesAlone) and, but
 * for a sure unsubscribe, its class open at the reading's confidence and this reply not spot-checked.
 */
export function decidesAloneIn(
  c: Classification,
  cls: { state: ClassState; min_confidence: number } | null,
  spotCheck: boolean,
): boolean {
  if (!decidesAlone(c)) return false;
  if (c.intent === "unsubscribe") return true;
  return cls !== null && cls.state === "open" && c.confidence >= cls.min_confidence && !spotCheck;
}
