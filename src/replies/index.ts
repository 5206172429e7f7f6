// The replies module's public surface: the pluggable classifier and the built-in one.
export type { Classification, ReplyClassifier, ReplyIntent } from "./classifier.ts";
export { extractReturnDate } from "./return-date.ts";
export { classifyReply, ruleClassifier, stripQuoted } from "./rule-classifier.ts";
