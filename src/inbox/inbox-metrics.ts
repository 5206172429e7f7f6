// The ingester counts through this small interface (DESIGN.md: domain code counts through one
// small metrics interface), so tests and workers run without a registry. The composition root
// may pass an adapter to its metrics registry; the default does nothing.
import type { InboxMessageKind } from "./tables.ts";

export interface InboxMetrics {
  messageProcessed(mailbox: string, kind: InboxMessageKind): void;
  syncFailed(mailbox: string): void;
}

export const noInboxMetrics: InboxMetrics = {
  messageProcessed() {},
  syncFailed() {},
};
