// The campaigns' words and types that both doors give (contract.ts for the workspace, index.ts for
// the server): the vocabularies, the exit reasons and the triage view's types. Browser-safe. The
// on_exit graph's layout is contract.ts's alone: it loads dagre, a browser package the server's
// production install does not carry (test/foundation/production-install.test.ts).
export {
  APPROVAL_POLICIES,
  type ApprovalPolicy,
  CAMPAIGN_KINDS,
  CAMPAIGN_STATUSES,
  CAMPAIGN_TYPES,
  type CampaignStatus,
  CHANNELS,
  CONTENT_TYPES,
  GOALS,
  type Goal,
  OWNER_ROLES,
} from "./definition-vocabulary.ts";
export {
  assertNever,
  EXIT_REASONS,
  type ExitReason,
  isExitReason,
  LIVE_STATUSES,
  type OnExitMap,
  type OnExitTarget,
} from "./exit-reasons.ts";
export type { TriageDecisionKind } from "./triage/triage-decisions.ts";
export type { TriageChoice, TriageReading, TriageReply, TriageReplyDetail } from "./triage/triage-view.ts";
