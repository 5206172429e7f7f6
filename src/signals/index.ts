// The signals module (issue 69, docs/signals.md): the catalogue, recording a batch from any door,
// matching waiting signals at import, the webhook sources and their page rules.

export { actOnHotSignal } from "./act-on-hot-signal.ts";
export { applySignalsToContacts, type Reach } from "./apply-to-contacts.ts";
export { type HotItem, listHotSignals, requireSignalReader } from "./hot-signals.ts";
export { ingestSignals, requireSignalRecorder, SIGNAL_RECORDER_ROLES } from "./ingest-signals.ts";
export { type MatchResult, matchWaitingSignals } from "./match-waiting-signals.ts";
export { addPageRule, listPageRules, matchRule, type PageRule, removePageRule } from "./page-rules.ts";
export { proposeFromSignals } from "./propose-from-signals.ts";
export {
  receiveTrackEvent,
  SIGNATURE_HEADER,
  signTrackBody,
  type TrackResult,
} from "./receive-track-event.ts";
export { MAX_BATCH, recordSignals } from "./record-signals.ts";
export type { RecordResult, SignalInput, SignalOutcome } from "./signal-batch-types.ts";
export { type SignalWire, signalInputOf } from "./signal-input.ts";
export {
  addSignalSource,
  listSignalSources,
  removeSignalSource,
  rotateSignalSourceSecret,
  SIGNAL_WEBHOOK_PATH,
  type SourceView,
} from "./signal-sources.ts";
export { listSignals, signalStats, signalTrends } from "./signal-stats.ts";
export {
  CATALOGUE_ROLES,
  DEFAULT_SIGNAL_TYPES,
  listSignalTypes,
  removeSignalType,
  type SignalType,
  setSignalType,
} from "./signal-types.ts";
export { holdVisitorEvent, identifyVisitor, VISITOR_HOLD_DAYS, type VisitorEvent } from "./visitor-events.ts";
