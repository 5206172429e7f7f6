// The plays module's door (issue 70 item 2): outside src/plays, code imports this file (or contract.ts)
// and nothing else; .dependency-cruiser.cjs's rule one-door-per-folder holds it.
export { type ApprovalRole, approvePlay } from "./approve-play.ts";
export { archiveColdPlays } from "./archive-plays.ts";
export {
  capSignals,
  compareOutcomes,
  editVolume,
  type MetricComparison,
  PROMOTION_TARGET,
  promotionRates,
  retrospectives,
} from "./calibration.ts";
export { createDraft, type DraftInput } from "./create-draft.ts";
export { ensurePlayCampaign } from "./ensure-play-campaign.ts";
export {
  type Citation,
  executeActivePlays,
  executeActivePlaysFor,
  type PlayRun,
} from "./execute-active-plays.ts";
export type { SuggestedCadence, TargetDefinition } from "./play-cadence.ts";
export { getPlayConfig, setPlayConfig, setSegmentConfig } from "./play-config.ts";
export {
  playDocumentSchemas,
  type RetrospectiveOutcomesDoc,
  type SuccessCriteriaDoc,
} from "./play-documents.ts";
export { playErrors } from "./play-errors.ts";
export {
  activePlaysForAccount,
  activePlaysForSegment,
  getPlay,
  listAgentDrafts,
  listByProposal,
  listPlays,
  listQueue,
  type QueueFilter,
} from "./play-queries.ts";
export { assertNever, quarterOf, RETIRE_REASONS, type RetireReason, utcDate } from "./play-states.ts";
export { playHistory } from "./play-view.ts";
export { type ProposalView, readProposal } from "./read-proposal.ts";
export { copyRetiredPlay, recordRetrospective, retirePlay } from "./retire-play.ts";
export { editPlay, type PlayEdit, pickUpPlay } from "./review-play.ts";
export { sunsetExpiredPlays } from "./sunset-plays.ts";
