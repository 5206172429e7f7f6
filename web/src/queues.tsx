// Each role's queues (issue 60 item 1): the counts of GET /api/v1/me/queues, one call for the whole
// navigation, read again on each page opened and shortly after any write the API answered (an
// approval, a task done, a hand-off routed), so a count drops as the work is done.
import { useEffect, useRef, useState } from "react";
import { API_WROTE } from "./api.ts";
import type { ApiResponse } from "./api-types.ts";
import { useLocation } from "./router.tsx";
import { useApi } from "./use-api.ts";

export type QueueCounts = ApiResponse<"countMyQueues">;
export type QueueName = keyof QueueCounts;

/** What one item of each queue is called, for screen readers ("3 drafts to approve"). */
export const QUEUE_NOUNS: Record<QueueName, [string, string]> = {
  approvals: ["draft to approve", "drafts to approve"],
  handoffs: ["open hand-off", "open hand-offs"],
  tasks: ["task due", "tasks due"],
  replies: ["reply waiting", "replies waiting"],
  plays_to_approve: ["play to approve", "plays to approve"],
  inbound_reviews: ["message to review", "messages to review"],
  retrospectives_due: ["retrospective due", "retrospectives due"],
  people_waiting: ["person waiting for a role", "people waiting for a role"],
};

/**
 * The roles that read the triage queue (src/campaigns/triage/triage-roles.ts requireTriager). Here, not
 * beside the triage vocabulary (reply-triage.ts), as the navigation reads it: that file brings the
 * campaigns contract, with its graph layout, into the shell every first load fetches.
 */
export const TRIAGE_ROLES = ["rep", "exec", "revops", "slm", "admin"];

/** Writes often come in bursts (j, a, a, a…): one count after the burst. */
const SETTLE_MS = 400;

export function useQueueCounts(enabled: boolean): QueueCounts {
  const counts = useApi<QueueCounts>(enabled ? "/api/v1/me/queues" : null);
  const { reload } = counts;
  const { path } = useLocation();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    const later = () => {
      clearTimeout(timer.current);
      timer.current = setTimeout(reload, SETTLE_MS);
    };
    window.addEventListener(API_WROTE, later);
    return () => {
      window.removeEventListener(API_WROTE, later);
      clearTimeout(timer.current);
    };
  }, [reload]);
  // a new item may have come in meanwhile: counted again on each page opened
  const [seen, setSeen] = useState(path);
  if (seen !== path) {
    setSeen(path);
    reload();
  }
  return counts.data ?? {};
}

/** The badges' test ids of before issue 60, kept for the queues they counted. */
const TEST_IDS: Partial<Record<QueueName, string>> = { replies: "triage-badge", handoffs: "handoff-badge" };

/** The count of a navigation link's queues, with what it counts for screen readers (nothing at 0). */
export function QueueBadge({ counts, queues }: { counts: QueueCounts; queues: readonly QueueName[] }) {
  const parts = queues.map((q) => [q, counts[q] ?? 0] as const).filter(([, n]) => n > 0);
  const total = parts.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const noun = (q: QueueName, n: number) => QUEUE_NOUNS[q][n === 1 ? 0 : 1];
  const said =
    parts.length === 1
      ? noun(parts[0][0], total)
      : `: ${parts.map(([q, n]) => `${n} ${noun(q, n)}`).join(", ")}`;
  const only = queues.length === 1 ? TEST_IDS[queues[0]] : undefined;
  return (
    <span className="badge count" data-testid={only ?? `queue-${queues.join("-")}`}>
      {total}
      <span className="sr-only"> {said}</span>
    </span>
  );
}
