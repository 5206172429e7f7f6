// spec 002 process_reply: classify an inbound reply. The built-in classifier is rule-based and
// measured on labelled sets (a tuned one and a held-out one it is never tuned on); the classifier
// is pluggable. A reading says how sure it is: automation acts on it only above the intent's
// threshold (automation.ts); below it, the reply waits for a person (issue 56).

export const REPLY_INTENTS = [
  "interested",
  "meeting",
  "not_interested",
  "unsubscribe",
  "out_of_office",
  /** a delay: "not now, try me in March" (returnDate: when to try again, if the reply says) */
  "later",
  /** another person named: "talk to my colleague Ana (ana@x.example)" */
  "referral",
  "other",
] as const;
export type ReplyIntent = (typeof REPLY_INTENTS)[number];

/** The person a referral names: either part may be missing from the reply. */
export interface ReferralTarget {
  name: string | null;
  email: string | null;
}

export interface Classification {
  intent: ReplyIntent;
  /** out_of_office: when the person is back; later: when to try again (null: the reply gives none). */
  returnDate: Date | null;
  /** 0..1: how sure the reading is. Automation compares it with the intent's threshold. */
  confidence: number;
  /** Which rule or model decided, for the event log. */
  by: string;
  /** referral: whom the reply names (null otherwise). */
  referral?: ReferralTarget | null;
  /**
   * Any sign of a stop request in the reply's own words, whatever the intent read: a reply with one
   * is never automated except as a sure unsubscribe (stop requests err on the safe side).
   */
  stopSignal?: boolean;
  /**
   * A data-protection request (issue 72: "where did you get my address? delete it", "what do you
   * hold on me"): read as a sure stop, and it opens an erasure or access request for a person.
   */
  dataRequest?: "erasure" | "access" | null;
  /** The reply says the person no longer works there: the enrollment ends as left_company. */
  leftCompany?: boolean;
  /** leftCompany: the successor the notice names, to propose to the exec (null: none named). */
  successor?: ReferralTarget | null;
  /**
   * Someone covering the person's inbox wrote it (issue 72 item 3): what they say is a person's reply,
   * even inside an automatic one, and an absence read from it is never sure.
   */
  coveringInbox?: boolean;
  /** The reply asks something (a price, references): a question is not a yes (automation.ts). */
  asksQuestion?: boolean;
  /**
   * The model version that voted on the reading (issue 72 item 2): 'base:<first 12 of its digest>'
   * or 'tenant:<version>'; absent when no model read it.
   */
  modelVersion?: string;
}

/** A model's vote on a reply, and the version that votes (combined-classifier.ts). */
export interface VotingModel {
  vote(text: string): { intent: ReplyIntent; share: number };
  readonly version?: string;
}

export interface ReplyClassifier {
  readonly name: string;
  classify(text: string, receivedAt: Date): Promise<Classification>;
  /**
   * The same classifier with another model voting (a tenant's own, issue 72 item 2); absent where
   * the classifier has no model to replace.
   */
  withModel?(model: VotingModel): ReplyClassifier;
}
