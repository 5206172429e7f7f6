// The learning module's door (issue 70 item 2): outside src/learning, code imports this file (or contract.ts)
// and nothing else; .dependency-cruiser.cjs's rule one-door-per-folder holds it.
export { learningErrors } from "./learning-errors.ts";
export { playFigures } from "./play-figures.ts";
export { campaignFunnel, playFunnel } from "./read-funnel.ts";
export {
  calibrationAs,
  campaignFunnelAs,
  LEARNING_READER_ROLES,
  playFunnelAs,
  requireLearningReader,
  retrospectivesAs,
} from "./read-learning-as.ts";
export {
  decideRetrospective,
  draftDueRetrospectives,
  draftRetrospective,
  listRetrospectives,
} from "./retrospectives.ts";
export { campaignVariants, promoteVariant } from "./step-variants-report.ts";
