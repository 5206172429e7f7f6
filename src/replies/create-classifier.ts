// The reply classifier from config: the LLM one when LLM_BASE_URL is set (the rules its fallback),
// otherwise the rules. Chosen at the composition root (src/runtime/reply-classifier.ts).
import type { Config } from "../config/config.ts";
import type { ReplyClassifier } from "./classifier.ts";
import { LlmReplyClassifier } from "./llm-classifier.ts";
import { ruleClassifier } from "./rule-classifier.ts";

export function createReplyClassifier(config: Pick<Config, "llm">): ReplyClassifier {
  return config.llm ? new LlmReplyClassifier(config.llm) : ruleClassifier;
}
