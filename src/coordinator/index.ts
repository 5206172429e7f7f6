// The coordinator's implementations of contract.ts: the ONLY path to an activation or a touch.
import type { GateSend, GateStep, OptOut, RecordTouch, RequestActivation } from "./contract.ts";
import { gateSend as gateSendImpl } from "./gate-send.ts";
import { gateStep as gateStepImpl } from "./gate-step.ts";
import { optOut as optOutImpl } from "./opt-out.ts";
import { recordTouch as recordTouchImpl } from "./record-touch.ts";
import { requestActivation as requestActivationImpl } from "./request-activation.ts";

export type * from "./contract.ts";
export const requestActivation: RequestActivation = requestActivationImpl;
export const gateStep: GateStep = gateStepImpl;
export const gateSend: GateSend = gateSendImpl;
export const recordTouch: RecordTouch = recordTouchImpl;
export const optOut: OptOut = optOutImpl;
export { setCoordinatorNotifier } from "./apply-effects.ts";
export { gateSendsBatch } from "./gate-sends-batch.ts";
export { gateStepsBatch } from "./gate-steps-batch.ts";
export { decide } from "./gates/decide.ts";
export { recordTouchesBatch } from "./record-touches-batch.ts";
