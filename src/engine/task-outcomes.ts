// The outcome a person records on a task of a channel with outcomes (a phone call: connected,
// voicemail, no answer, wrong number, bad number; CHANNEL_KINDS in channels/channel-kinds.ts says
// what each means, docs/campaigns.md "Phone calls" why). Checked before the task is closed; the
// effects run in completeRepTasks's transaction, after the touches: a wrong or bad number
// suppresses the channel for the contact, a connected call may end the enrollment by the
// campaign's exit rules (the reason the rep gives; on_exit routes it).
import { type Kysely, sql } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { exitContact, isExitReason } from "../campaigns/index.ts";
import { isChannelName, type OutcomeRule, type TaskOutcome } from "../channels/contract.ts";
import { channelOf } from "../channels/index.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";

/** What the person says of a done task: the outcome (a call's), and an exit reason with a connected call. */
export interface TaskDone {
  outcome?: string;
  exit_reason?: string;
}

export type CheckedOutcome = { outcome: TaskOutcome; rule: OutcomeRule; exitReason: string | null };

const invalid = (path: string, message: string) =>
  new BatonError("VALIDATION_FAILED", { errors: [{ path, message }] });

/**
 * The outcome of a task of this channel, checked: null for a channel without outcomes (done is the
 * send); VALIDATION_FAILED for a missing or unknown outcome, one given to a channel without any, or
 * an exit reason where the outcome has no exit rules.
 */
export function checkOutcome(
  channel: string,
  done: TaskDone | undefined,
): CheckedOutcome | null | BatonError {
  const outcomes = isChannelName(channel) ? channelOf(channel).outcomes : null;
  if (!outcomes) {
    if (done?.outcome !== undefined || done?.exit_reason !== undefined)
      return invalid("/outcome", `a ${channel} task has no outcome; mark it done without one`);
    return null;
  }
  const names = Object.keys(outcomes);
  const outcome = done?.outcome;
  if (outcome === undefined || !Object.hasOwn(outcomes, outcome))
    return invalid("/outcome", `say how it went: one of ${names.join(", ")}`);
  const rule = outcomes[outcome] as OutcomeRule;
  const exitReason = done?.exit_reason ?? null;
  if (exitReason !== null && (rule.after !== "exit_rules" || !isExitReason(exitReason)))
    return invalid("/exit_reason", "only a connected call ends the enrollment, with a known exit reason");
  return { outcome: outcome as TaskOutcome, rule, exitReason };
}

/** Each done task's outcome effect, in the caller's transaction (the contacts are locked). */
export async function applyOutcomes(
  tx: Kysely<DB>,
  p: Principal,
  done: readonly { channel: string; contact_id: string; enrollment_id: string; checked: CheckedOutcome }[],
  now: Date,
): Promise<void> {
  for (const d of done) {
    const { rule, exitReason } = d.checked;
    if (rule.after === "suppress_channel") {
      const column = channelOf(d.channel).address.suppressedAt;
      if (!column) continue;
      await sql`update contacts set ${sql.ref(column)} = ${now}, updated_at = ${now}
                 where client_id = ${p.clientId} and contact_id = ${d.contact_id}`.execute(tx);
    } else if (rule.after === "exit_rules" && exitReason !== null) {
      await exitContact(
        tx,
        { clientId: p.clientId, enrollmentId: d.enrollment_id, reason: exitReason, actor: p },
        now,
      );
    }
  }
}
