// The drafter from config: the LLM adapter when LLM_BASE_URL is set, otherwise the template.
import type { Config } from "../config/config.ts";
import type { Drafter } from "./drafter.ts";
import { LlmDrafter } from "./llm-drafter.ts";
import { templateDrafter } from "./template-drafter.ts";

export function createDrafter(config: Pick<Config, "llm">): Drafter {
  return config.llm ? new LlmDrafter(config.llm) : templateDrafter;
}
