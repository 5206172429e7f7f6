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
export type {
  Classification,
  ReferralTarget,
  ReplyClassifier,
  ReplyIntent,
  VotingModel,
} from "./classifier.ts";
export { REPLY_INTENTS } from "./classifier.ts";
export { createReplyClassifier } from "./create-classifier.ts";
export { detectLanguage } from "./detect-language.ts";
export { extractLaterDate } from "./later-date.ts";
export { baseReplyModel, rulesAndModelClassifier, tenantVotingModel } from "./model-classifier.ts";
export { REPLY_READ_LIMIT } from "./read-limits.ts";
export { readingInWords } from "./reading-words.ts";
export { extractReturnDate } from "./return-date.ts";
export {
  classifyReply,
  readReply,
  replyAsksQuestion,
  ruleClassifier,
  stripQuoted,
  stripReply,
} from "./rule-classifier.ts";
// the tenant's own model (issue 72 item 2): how it trains, is measured and runs in a worker thread
export {
  baseModelVersion,
  beats,
  isHeldOut,
  isReplyIntent,
  type SliceScore,
  type StoredTenantModel,
  type TenantExample,
  tenantModelVersion,
} from "./tenant-model.ts";
export { type TrainingJob, type TrainingResult, trainInWorker } from "./train-in-worker.ts";
