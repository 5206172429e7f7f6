// The engine module's door (issue 70 item 2): outside src/engine, code imports this file (or contract.ts)
// and nothing else; .dependency-cruiser.cjs's rule one-door-per-folder holds it.
export { type DraftEdit, decideDraft } from "./approve-draft.ts";
export { decideDrafts } from "./approve-drafts.ts";
export { DRAFTERS, readCampaignDrafter, setCampaignDrafter } from "./campaign-drafter.ts";
export { stepKey } from "./create-send-items.ts";
export { type DraftingTask, leaseDraftingTask, listDraftingTasks, submitDraft } from "./drafting-tasks.ts";
export type { EngineDeps, EngineFactory } from "./engine-deps.ts";
export { engineErrors } from "./engine-errors.ts";
export { startEngineJob } from "./engine-job.ts";
export { addFollowUpTask } from "./follow-up-tasks.ts";
export { nextWakeAt } from "./next-wake.ts";
export { sendPersonally } from "./personal-send.ts";
export { sendPersonalStepsAtOnce } from "./personal-send-at-once.ts";
export { type EditedStepPreviewRequest, previewEditedStep, previewStep } from "./preview-step.ts";
export { DRAFT_READER_ROLES, draftView, getDraft, listDrafts } from "./read-drafts.ts";
export {
  type DueScope,
  listRepTaskQueue,
  MAX_SNOOZE_DAYS,
  type RepTaskItem,
  skipRepTask,
  snoozeRepTask,
  taskLink,
} from "./rep-task-queue.ts";
export { completeRepTask, completeRepTasks, listMyTasks, type RepTask } from "./rep-tasks.ts";
export { reviseStagedDraft } from "./revise-staged-draft.ts";
export { type EnginePassStats, emptyStats, runEngineOnce } from "./run-engine.ts";
export { addDays } from "./schedule.ts";
export type { DrafterName, RepTaskStatus } from "./tables.ts";
export type { TaskDone } from "./task-outcomes.ts";
export { testSendEditedStep } from "./test-send-step.ts";
export { startWorkers } from "./worker-pool.ts";
