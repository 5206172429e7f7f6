// Which reply classifier the process uses (issue 35): with LLM_* configured, the LLM classifies and
// the rules are the fallback; without, the rules (the campaigns' default port). Set once at start
// by the server and the CLI; every reply path (POST /api/v1/replies, the inbox, the CLI, MCP) asks
// the campaigns' port.
import { setCampaignPorts } from "../campaigns/ports.ts";
import type { Config } from "../config/config.ts";
import { createReplyClassifier } from "../replies/create-classifier.ts";

export function configureReplyClassifier(config: Pick<Config, "llm">): void {
  if (config.llm) setCampaignPorts({ classifier: createReplyClassifier(config) });
}
