// The campaigns module (spec 002): definitions, enrollments, exits and on_exit chains, the exec
// hand-off gate, inbound replies and their triage. Outside src/campaigns, code imports this file
// (functions) or contract.ts (the browser-safe words and types) and nothing else: the rule
// `one-door-per-folder` in .dependency-cruiser.cjs (issue 70 items 1 and 2). Pausing an enrollment and
// writing a campaign event are door functions here, so no module outside reaches around the
// enrollment's invariants.

export { requireCampaignEditor } from "./campaign-access.ts";
export { campaignErrors } from "./campaign-errors.ts";
export { chosenClassifier, classifyReply, REPLY_INTENTS } from "./classify-reply.ts";
export * from "./contract-words.ts";
export { createCampaign, DEFINER_ROLES, updateCampaign } from "./define-campaign.ts";
export {
  ENROLLER_ROLES,
  enrollContact,
  enrollContacts,
  enrollMany,
  enrollWithin,
  requireEnroller,
} from "./enroll-contact.ts";
export { EXITER_ROLES, type ExitResult, exitContact, exitEnrollment } from "./exit-contact.ts";
export { exitContactsBatch } from "./exit-contacts-batch.ts";
export { getHandoff, listHandoffs, routeHandoff } from "./handoffs.ts";
export { holdContactSends, type PausedEnrollment, REVIEW_HOLD_REASON } from "./hold-contact-sends.ts";
export { logCampaignEvent } from "./log-event.ts";
export { findOnExitCycle } from "./on-exit-graph.ts";
export { pauseEnrollment, resumeEnrollment } from "./pause-enrollment.ts";
export { campaignPorts, setCampaignPorts } from "./ports.ts";
export { checkNewCampaign, previewCampaignChange } from "./preview-campaign-change.ts";
export { processReplies } from "./process-replies-batch.ts";
export {
  applyReply,
  prepareReply,
  processReply,
  type ReplyResult,
  replyEffect,
  requireReplySubmitter,
} from "./process-reply.ts";
export { findCampaign, getCampaign, listCampaigns, requireCampaign } from "./read-campaigns.ts";
export { getEnrollment, listEnrollmentsInBook } from "./read-enrollments.ts";
export type { ReplyInput } from "./reply-lookups.ts";
export { resumePausedEnrollments } from "./resume-paused.ts";
export { type RouteHandoffAnswer, routeHandoffs } from "./route-handoffs.ts";
export { SPEC_CAMPAIGNS } from "./spec-campaigns.ts";
export { assignVariant, type StepVariant } from "./step-variants.ts";
export { openOutOfOfficeLanguages } from "./triage/automation-class-for-reply.ts";
export type { AutomationClass } from "./triage/automation-classes.ts";
export { refuseUnlessPending } from "./triage/check-decision.ts";
export {
  AUTOMATION_KEEPER_ROLES,
  closeAutomationClass,
  reopenAutomationClass,
} from "./triage/close-automation-class.ts";
export { decideReplies } from "./triage/decide-replies.ts";
export { type DecideResult, decideReply } from "./triage/decide-reply.ts";
export {
  AUTOMATION_READER_ROLES,
  listAutomationClasses,
  readAutomationClass,
} from "./triage/read-automation-classes.ts";
export { countTriage, getTriageReply, listTriage } from "./triage/read-triage.ts";
export {
  EXAMPLE_READER_ROLES,
  examplesJsonl,
  listReplyExamples,
  replyAgreement,
} from "./triage/reply-examples.ts";
export {
  forgetReplyModels,
  listReplyModels,
  REPLY_MODEL_MIN_EXAMPLES,
  REPLY_MODEL_MIN_HELD_OUT,
  REPLY_MODEL_READER_ROLES,
  REPLY_MODEL_RETRAIN_AFTER,
  type ReplyModelVersion,
  replyModelTrainingPass,
  trainTenantReplyModel,
} from "./triage/reply-models.ts";
export { type DecideInput, POSITIVE_EXITS, TRIAGE_DECISIONS } from "./triage/triage-decisions.ts";
export { requireTriager, TRIAGE_ALL_ROLES } from "./triage/triage-roles.ts";
export type { StepInput } from "./validate-definition.ts";
export { writePause, writeResume } from "./write-enrollment-pause.ts";
