// The coordinator's one door (issue 59 item 1): outside src/coordinator, code imports the
// coordinator only from here (functions and the types they take) and contract.ts (the contract's
// types); .dependency-cruiser.cjs's rule one-door-per-folder holds it in npm run check.
// contract.ts says what each decision does; these are the implementations, the ONLY path to an
// activation or a touch.
import type { GateStep, OptOut, RequestActivation } from "./contract.ts";
import { gateStep as gateStepImpl } from "./gate-step.ts";
import { optOut as optOutImpl } from "./opt-out.ts";
import { requestActivation as requestActivationImpl } from "./request-activation.ts";
import {
  tracedGateSendsBatch,
  tracedGateStep,
  tracedGateStepsBatch,
  tracedRequestActivation,
  tracedRequestActivations,
} from "./traced.ts";

export type * from "./contract.ts";
// each decision a span when tracing is on (traced.ts)
export const requestActivation: RequestActivation = tracedRequestActivation(requestActivationImpl);
export const gateStep: GateStep = tracedGateStep(gateStepImpl);
export const optOut: OptOut = optOutImpl;
// An account's own weekly touch cap (issue 61 item 5; its segment's is set with the segment).
export { type AccountTouchCap, getAccountTouchCap, setAccountTouchCap } from "./account-touch-cap.ts";
export { setCoordinatorNotifier } from "./apply-effects.ts";
// Caps: the tenant's configuration (spec 001's touch caps).
export { getCoordinatorConfig, loadCapConfig, setCoordinatorConfig } from "./coordinator-config.ts";
// The batches the engine's claim and send loops call (a single decision is a batch of one).
export const gateSendsBatch = tracedGateSendsBatch;
export const gateStepsBatch = tracedGateStepsBatch;
export { type GateSnapshotKept, markContacts } from "./gate-steps-batch.ts";
export { decide } from "./gates/decide.ts";
export type { GateSnapshot } from "./gates/types.ts";
export { retryOnLockConflict } from "./opt-out.ts";
// As a principal: the API's, CLI's and MCP tools' entry points (authorization, then the decision).
export { optOutAs } from "./opt-out-as.ts";
export { previewDecision } from "./preview-decision.ts";
export { recordTouchesBatch, type TouchFacts } from "./record-touches-batch.ts";
export { loadCampaign } from "./request-activation.ts";
export { gateStepAs, requestActivationAs } from "./request-activation-as.ts";
export const requestActivations = tracedRequestActivations;
// The contact lock (spec 001's lock order, docs/coordinator.md): every writer of a contact's
// sends takes it first, so a decision and a change to what it counts never interleave.
export { lockContactsOf } from "./snapshot/batch-snapshot.ts";
export { loadLiveEnrollments, loadTouches, lockContact } from "./snapshot/lock-contact.ts";
export { loadSendWindowFacts } from "./snapshot/send-window-facts.ts";
// The touch caps' rolling window (touch-window.ts), for the readers of the window outside (the flags).
export { touchLeavesWindow, touchWindowStart } from "./touch-window.ts";
