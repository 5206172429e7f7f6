// The drafting module's public surface (the engine resolves its drafters from here).
export { createDrafter } from "./create-drafter.ts";
export type { Drafter, DraftInput, DraftOutput } from "./drafter.ts";
export { createLlmDrafter, LlmDrafter } from "./llm-drafter.ts";
export { proofAsset } from "./proof-assets.ts";
export { hasPlaceholder, renderTemplateDraft, TEMPLATE_MARKER, templateDrafter } from "./template-drafter.ts";
