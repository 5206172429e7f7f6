// The drafting module's public surface (the engine resolves its drafters from here).
export { createDrafter } from "./create-drafter.ts";
export type { Drafter, DraftInput, DraftOutput } from "./drafter.ts";
export { createLlmClient, LlmCallError, type LlmClient, type LlmConfig } from "./llm-client.ts";
export { createLlmDrafter, LlmDrafter } from "./llm-drafter.ts";
export { authHeaders, modelsUrl } from "./openai-chat-client.ts";
export { proofAsset } from "./proof-assets.ts";
export { BODY_TEMPLATE_MAX, SUBJECT_TEMPLATE_MAX, templateProblems } from "./render-template.ts";
export { hasPlaceholder, renderTemplateDraft, TEMPLATE_MARKER, templateDrafter } from "./template-drafter.ts";
