// The campaigns module (spec 002): definitions, enrollments, exits and on_exit chains, the exec
// hand-off gate, inbound replies. The engine and the web call these.
export { createCampaign, DEFINER_ROLES, updateCampaign } from "./define-campaign.ts";
export { enrollContact, enrollContacts, enrollMany, enrollWithin } from "./enroll-contact.ts";
export { type ExitResult, exitContact, exitEnrollment } from "./exit-contact.ts";
export { exitContactsBatch } from "./exit-contacts-batch.ts";
export { EXIT_REASONS, type ExitReason, type OnExitMap, type OnExitTarget } from "./exit-reasons.ts";
export { getHandoff, listHandoffs, routeHandoff } from "./handoffs.ts";
export { findOnExitCycle } from "./on-exit-graph.ts";
export { setCampaignPorts } from "./ports.ts";
export { processReplies } from "./process-replies-batch.ts";
export { processReply, type ReplyResult } from "./process-reply.ts";
export { getCampaign, listCampaigns } from "./read-campaigns.ts";
export { getEnrollment, listEnrollmentsInBook } from "./read-enrollments.ts";
export type { ReplyInput } from "./reply-lookups.ts";
export { resumePausedEnrollments } from "./resume-paused.ts";
export { type RouteHandoffAnswer, routeHandoffs } from "./route-handoffs.ts";
