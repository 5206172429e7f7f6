// The tasks page's calls that mark a task done: one task (a hold or a cancellation is the
// coordinator's answer, returned), and "Complete selected", each selected task in turn with its result.
import { ApiError, post } from "../../api.ts";
import { outcomesOf, outcomeWords, type QueueTask, type TaskOutcomeChoice } from "../../tasks.ts";

export type TaskCall = { outcome: TaskOutcomeChoice; exitReason: string | null };

/** One task of "Complete selected": done, or refused (by the coordinator, the API or its channel) and why. */
export type BulkResult = { task: QueueTask; ok: boolean; left: boolean; text: string; held?: boolean };

/** The bulk outcome of a task without outcomes (a LinkedIn touch): done is the send. */
export const DONE = "done";

/**
 * A task marked done through the API's one door for it. A hold or a cancellation is the coordinator's
 * answer (returned: the task leaves the queue all the same); any other refusal is thrown.
 */
export async function markDone(t: QueueTask, call?: TaskCall): Promise<ApiError | null> {
  const body = call
    ? { outcome: call.outcome.name, ...(call.exitReason ? { exit_reason: call.exitReason } : {}) }
    : undefined;
  try {
    await post(`/api/v1/rep-tasks/${t.id}/done`, body);
    return null;
  } catch (e) {
    if (e instanceof ApiError && ["REP_TASK_HELD", "REP_TASK_CANCELLED_CONTACT"].includes(e.code)) return e;
    throw e;
  }
}

/**
 * "Complete selected"'s calls, one task after the other (the page's completeSelected): each task's
 * result is pushed onto results as it comes.
 */
export async function completeEach(
  chosen: QueueTask[],
  choice: string,
  results: BulkResult[],
): Promise<void> {
  for (const t of chosen) {
    const outcomes = outcomesOf(t.channel);
    const o = outcomes.find((x) => x.name === choice);
    if (outcomes.length && !o) {
      results.push({ task: t, ok: false, left: false, text: "a call needs its outcome: choose one" });
      continue;
    }
    if (!outcomes.length && choice !== DONE) {
      results.push({
        task: t,
        ok: false,
        left: false,
        text: "a call's outcome, and this task is not a call",
      });
      continue;
    }
    const call = o ? { outcome: o, exitReason: null } : undefined;
    try {
      const h = await markDone(t, call);
      if (h)
        results.push({
          task: t,
          ok: false,
          left: true,
          text: h.message,
          held: h.code === "REP_TASK_HELD",
        });
      else
        results.push({
          task: t,
          ok: true,
          left: true,
          text: o ? `${o.label.toLowerCase()}, ${outcomeWords(o, null)}` : "the touch is recorded",
        });
    } catch (e) {
      results.push({
        task: t,
        ok: false,
        left: false,
        text: e instanceof Error ? e.message : String(e),
      });
    }
  }
}
