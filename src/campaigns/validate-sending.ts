// issue 12 campaign definition checks that need no database: follow-up threading of steps and the
// send window (src/scheduling/send-window.ts owns the window's rule and its validation).
import { CHANNEL_KINDS, isChannelName } from "../channels/contract.ts";
import { sendWindowProblems } from "../scheduling/index.ts";
import type { Problem, StepInput } from "./validate-definition.ts";

/** How a step's email is threaded. */
export const THREADS = ["new", "follow_up"] as const;
export type Thread = (typeof THREADS)[number];

/** Whether a step of this channel may follow up in a thread (CHANNEL_KINDS: email). */
const threads = (channel: string) => isChannelName(channel) && CHANNEL_KINDS[channel].threads;

/** A follow-up is an email sent in the thread of an earlier email step of the same enrollment. */
export function threadProblems(steps: readonly StepInput[]): Problem[] {
  const problems: Problem[] = [];
  for (const [i, s] of steps.entries()) {
    if (s.thread === undefined || s.thread === "new") continue;
    const path = `/steps/${i}/thread`;
    if (s.thread !== "follow_up") {
      problems.push({
        code: "CAMPAIGN_STEP_THREAD_INVALID",
        path,
        message: `unknown thread '${String(s.thread)}'; use ${THREADS.join(" or ")}`,
      });
    } else if (!threads(s.channel)) {
      problems.push({
        code: "CAMPAIGN_STEP_THREAD_INVALID",
        path,
        message: "only an email step can follow up in an email thread",
      });
    } else if (!steps.some((p) => p.channel === s.channel && p.step_number < s.step_number)) {
      problems.push({
        code: "CAMPAIGN_STEP_THREAD_INVALID",
        path,
        message: `step ${s.step_number} follows up, but no email step comes before it to reply to`,
      });
    }
  }
  return problems;
}

/** The campaign's send window: weekdays and local hours in the contact's zone. */
export function windowProblems(window: unknown): Problem[] {
  return sendWindowProblems(window).map((p) => ({
    code: "CAMPAIGN_SEND_WINDOW_INVALID" as const,
    path: `/send_window${p.path}`,
    message: p.message,
  }));
}
