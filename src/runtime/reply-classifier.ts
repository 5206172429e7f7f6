// Which reply classifier the process uses (issue 35): with LLM_* configured, the LLM classifies and
// the rules are the fallback; without, the rules (the campaigns' default port). Set at start by the
// server and by each CLI command; every reply path (POST /api/v1/replies, the inbox, the CLI, MCP)
// asks the campaigns' port.
import { campaignPorts, setCampaignPorts } from "../campaigns/index.ts";
import type { Config } from "../config/config.ts";
import type { Metrics } from "../metrics/index.ts";
import { createReplyClassifier } from "../replies/index.ts";

/**
 * Sets the configured classifier, its calls to the model counted into metrics when given; the
 * returned function puts back the one before (a CLI command run in-process).
 */
export async function configureReplyClassifier(
  config: Pick<Config, "llm">,
  metrics?: Metrics,
): Promise<() => void> {
  const before = await campaignPorts();
  if (config.llm) setCampaignPorts({ ...before, classifier: createReplyClassifier(config, metrics) });
  return () => setCampaignPorts(before);
}
