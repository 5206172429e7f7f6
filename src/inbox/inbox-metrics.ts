// The ingester counts through this small interface, so tests and one-off syncs run without a
// registry; the server and `baton inbox work` pass the process's Metrics (src/metrics) through
// metricsForInbox. Per-mailbox counts live in the database (mailbox_inboxes), not in labels.
import type { Metrics } from "../metrics/index.ts";
import type { InboxMessageKind } from "./tables.ts";

export interface InboxMetrics {
  messageProcessed(mailbox: string, kind: InboxMessageKind): void;
  syncFailed(mailbox: string): void;
  /** a sending mailbox's complaint rate over its last 1,000 sends (issue 35), and whether it just paused */
  complaintRate(mailbox: string, rate: number, paused: boolean): void;
}

export const noInboxMetrics: InboxMetrics = {
  messageProcessed() {},
  syncFailed() {},
  complaintRate() {},
};

export function metricsForInbox(m: Metrics | undefined): InboxMetrics {
  if (!m) return noInboxMetrics;
  return {
    messageProcessed: (_mailbox, kind) => m.inc("baton_inbox_messages_total", { kind }),
    syncFailed: () => m.inc("baton_inbox_sync_errors_total"),
    complaintRate: (mailbox, rate, paused) => {
      m.inc("baton_inbox_complaints_total");
      m.set("baton_mailbox_complaint_rate", rate, { mailbox });
      if (paused) m.inc("baton_mailbox_paused_total", { reason: "complaint_rate" });
    },
  };
}
