// A tenant's step transaction as a span when tracing is on (issue 71 item 4; docs/operations.md
// "Traces"), for execute-step.ts.
import { inSpan } from "../tracing/index.ts";

/** What the span reads of a step's outcome (execute-step.ts's StepOutcome). */
type TracedOutcome =
  | { kind: "executed"; step: number; sendItemId: string }
  | { kind: "activation"; action: string }
  | { kind: "gated"; action: string; reason: string | null }
  | { kind: "skipped"; why: string };

/**
 * A tenant's step transaction as a span when tracing is on (issue 71 item 4): from the claim (the
 * row locks) to the commit, the coordinator's decision and an inline send its children, and one
 * event per step (its enrollment, step, outcome and send item; the gate's reason when held).
 */
export function tracedSteps<O extends TracedOutcome>(
  clientId: string,
  only: string | undefined,
  run: () => Promise<Map<string, O>>,
): Promise<Map<string, O>> {
  return inSpan(
    "baton.engine.steps",
    { "baton.tenant_id": clientId, "baton.enrollment_id": only },
    async (span) => {
      const out = await run();
      span.set({ "baton.count": out.size });
      if (span.recording)
        for (const [id, o] of out)
          span.event("baton.step", {
            "baton.enrollment_id": id,
            "baton.outcome": o.kind === "gated" ? o.action : o.kind,
            "baton.step": o.kind === "executed" ? o.step : undefined,
            "baton.send_item_id": o.kind === "executed" ? o.sendItemId || undefined : undefined,
            "baton.reason": o.kind === "gated" ? o.reason : o.kind === "skipped" ? o.why : undefined,
          });
      return out;
    },
  );
}
