// spec 002 process_reply: classify an inbound reply. The built-in classifier is rule-based and
// tested on a labelled set; the classifier is pluggable.

export type ReplyIntent =
  | "interested"
  | "meeting"
  | "not_interested"
  | "unsubscribe"
  | "out_of_office"
  | "other";

export interface Classification {
  intent: ReplyIntent;
  /** For out_of_office: when the person is back, if the reply says. */
  returnDate: Date | null;
  confidence: number;
  /** Which rule or model decided, for the event log. */
  by: string;
}

export interface ReplyClassifier {
  readonly name: string;
  classify(text: string, receivedAt: Date): Promise<Classification>;
}
