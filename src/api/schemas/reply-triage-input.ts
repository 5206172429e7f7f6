// What the reply triage routes and the agents' triage tools (src/agents/mcp/tools-replies.ts) share
// (issue 56 review, D7): the domain's input from a decide body, and the bulk decision's results, so
// both stay thin and read a body the same way.
import type { Static } from "typebox";
import type { DecideInput, DecideResult, TriageDecisionKind } from "../../campaigns/index.ts";
import { type BatonError, isBatonError } from "../../errors/baton-error.ts";
import type { BulkDecideBody, DecideBody } from "./reply-triage.ts";

/** The decision a bulk body asks for (the fields every decide body has). */
export function bulkDecisionInput(
  b: Pick<Static<typeof BulkDecideBody>, "decision" | "exit_reason" | "until" | "notes">,
): Omit<DecideInput, "replyId"> {
  return {
    decision: b.decision as TriageDecisionKind,
    exitReason: b.exit_reason,
    until: b.until ? new Date(b.until) : undefined,
    notes: b.notes,
  };
}

/** The decision one reply's body asks for (a referral's person and the replier's fate besides). */
export function decisionInput(replyId: string, b: Static<typeof DecideBody>): DecideInput {
  return {
    replyId,
    ...bulkDecisionInput(b),
    referral: b.referral,
    replier: b.replier as "exit" | "hold" | undefined,
    notes: b.notes,
  };
}

/** Each reply's result of a bulk decision, in the order asked (BulkDecideResult's items). */
export function bulkDecisionResults(
  replyIds: readonly string[],
  answers: readonly (DecideResult | BatonError)[],
) {
  return answers.map((a, i) =>
    isBatonError(a)
      ? { reply_id: replyIds[i], ok: false, error: a.itemError() }
      : { reply_id: replyIds[i], ok: true, reply: a.reply, effects: a.effects },
  );
}
