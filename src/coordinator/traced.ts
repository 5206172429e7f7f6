// The coordinator's decisions as spans when tracing is on (issue 71 item 4; docs/operations.md
// "Traces"): index.ts exports these wrappers, so every decision through the door is traced, by the
// engine's batches and by the API's single ones alike. A span names the tenant, what was decided
// (step, send, activation) and how many, and counts the outcomes by action; a single decision also
// carries its action and reason (a gate's word, e.g. touch_cap_exceeded). Off, each wrapper only
// calls the decision.
import { inSpan, type SpanHandle } from "../tracing/index.ts";
import type { ActivationOutcome } from "./activation-types.ts";
import type { Decision, GateStep, RequestActivation } from "./contract.ts";
import { gateSendsBatch } from "./gate-sends-batch.ts";
import { gateStepsBatch } from "./gate-steps-batch.ts";
import { requestActivations } from "./request-activations.ts";

const NAME = "baton.coordinator.decide";

function countActions(span: SpanHandle, decisions: Iterable<Decision>): void {
  if (!span.recording) return;
  const n = { allow: 0, hold: 0, queue: 0, block: 0 };
  for (const d of decisions) n[d.action]++;
  span.set({
    "baton.decisions.allow": n.allow,
    "baton.decisions.hold": n.hold,
    "baton.decisions.queue": n.queue,
    "baton.decisions.block": n.block,
  });
}

export const tracedGateStepsBatch: typeof gateStepsBatch = (tx, req, now) =>
  req.enrollmentIds.length === 0
    ? gateStepsBatch(tx, req, now)
    : inSpan(
        NAME,
        { "baton.kind": "step", "baton.tenant_id": req.clientId, "baton.count": req.enrollmentIds.length },
        async (span) => {
          const out = await gateStepsBatch(tx, req, now);
          countActions(span, out.values());
          return out;
        },
      );

export const tracedGateSendsBatch: typeof gateSendsBatch = (tx, req, now) =>
  req.sendItemIds.length === 0
    ? gateSendsBatch(tx, req, now)
    : inSpan(
        NAME,
        { "baton.kind": "send", "baton.tenant_id": req.clientId, "baton.count": req.sendItemIds.length },
        async (span) => {
          const out = await gateSendsBatch(tx, req, now);
          countActions(span, out.values());
          return out;
        },
      );

export const tracedRequestActivations: typeof requestActivations = (tx, reqs, now) =>
  reqs.length === 0
    ? requestActivations(tx, reqs, now)
    : inSpan(
        NAME,
        { "baton.kind": "activation", "baton.tenant_id": reqs[0].clientId, "baton.count": reqs.length },
        async (span) => {
          const out = await requestActivations(tx, reqs, now);
          countActions(
            span,
            out.flatMap((o: ActivationOutcome) => ("decision" in o ? [o.decision] : [])),
          );
          return out;
        },
      );

/** One decision: its action and reason on the span. */
function single(span: SpanHandle, d: Decision): void {
  span.set({ "baton.outcome": d.action, "baton.reason": d.reason });
}

export function tracedRequestActivation(impl: RequestActivation): RequestActivation {
  return (tx, req, now) =>
    inSpan(
      NAME,
      {
        "baton.kind": "activation",
        "baton.tenant_id": req.clientId,
        "baton.campaign_id": req.campaignId,
        "baton.contact_id": req.contactId,
        "baton.count": 1,
      },
      async (span) => {
        const out = await impl(tx, req, now);
        single(span, out.decision);
        return out;
      },
    );
}

export function tracedGateStep(impl: GateStep): GateStep {
  return (tx, req, now, opts) =>
    inSpan(
      NAME,
      {
        "baton.kind": "step",
        "baton.tenant_id": req.clientId,
        "baton.enrollment_id": req.enrollmentId,
        "baton.count": 1,
      },
      async (span) => {
        const out = await impl(tx, req, now, opts);
        single(span, out);
        return out;
      },
    );
}
