// The reply classifier from config: the LLM one when LLM_BASE_URL is set (the rules its fallback),
// otherwise the rules with the model (model-classifier.ts: it beat the rules alone on the held-out
// set, docs/mailboxes.md "Rules and model"; issue 56 item 3). Chosen at the composition root
// (src/runtime/reply-classifier.ts).
import type { Config } from "../config/config.ts";
import type { Metrics } from "../metrics/index.ts";
import type { ReplyClassifier } from "./classifier.ts";
import { LlmReplyClassifier } from "./llm-classifier.ts";
import { rulesAndModelClassifier } from "./model-classifier.ts";

export function createReplyClassifier(config: Pick<Config, "llm">, metrics?: Metrics): ReplyClassifier {
  // the LLM's positive reading acts only when the local one (the rules and the model) agrees (issue 73 item 5)
  return config.llm
    ? new LlmReplyClassifier(config.llm, { local: rulesAndModelClassifier, ...(metrics ? { metrics } : {}) })
    : rulesAndModelClassifier;
}
