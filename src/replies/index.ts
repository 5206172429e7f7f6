// The replies module's public surface: the pluggable classifier, the built-in one, and how a reply
// is read (the writer's own words, return and retry dates, when Baton may act alone).
export {
  AUTOMATION_THRESHOLDS,
  type ClassState,
  type ClassTally,
  classLanguage,
  countDecision,
  decidesAlone,
  decidesAloneIn,
  EARN_MIN_AGREEMENT,
  EARN_MIN_DECISIONS,
  EARNED_INTENTS,
  type EarnedIntent,
  earned,
  isEarnedIntent,
  SPOT_CHECK_EVERY,
} from "./automation.ts";
export type { Classification, ReferralTarget, ReplyClassifier, ReplyIntent } from "./classifier.ts";
export { REPLY_INTENTS } from "./classifier.ts";
export { createReplyClassifier } from "./create-classifier.ts";
export { detectLanguage } from "./detect-language.ts";
export { extractLaterDate } from "./later-date.ts";
export { rulesAndModelClassifier } from "./model-classifier.ts";
export { REPLY_READ_LIMIT } from "./read-limits.ts";
export { readingInWords } from "./reading-words.ts";
export { extractReturnDate } from "./return-date.ts";
export { classifyReply, readReply, ruleClassifier, stripQuoted, stripReply } from "./rule-classifier.ts";
