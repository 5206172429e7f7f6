// The hook between a decision's effects and the notifications module (owned by the flags /
// notifications engineer). spec 001 gate 2: "Notify originating agent (AGT-304) of suppression";
// matrix T3: "flag as routing error to AGT-202". The effects are always recorded in the event's
// details (write-decision-event.ts), and each effect becomes a notification outbox row in the same
// transaction (notifications/coordinator-notifier.ts). Tests may swap the notifier.
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import { notifyCoordinatorNotice } from "../notifications/index.ts";
import type { CoordinatorNotice } from "./coordinator-notice.ts";
import type { DecisionEffect } from "./gates/types.ts";

export type { CoordinatorNotice } from "./coordinator-notice.ts";

export type CoordinatorNotifier = (tx: Kysely<DB>, notice: CoordinatorNotice, now: Date) => Promise<void>;

let notifier: CoordinatorNotifier | null = notifyCoordinatorNotice;

/** Replaces the notifier (null: record effects in the event only). The default writes to the outbox. */
export function setCoordinatorNotifier(fn: CoordinatorNotifier | null): void {
  notifier = fn;
}

export async function applyEffects(
  tx: Kysely<DB>,
  effects: DecisionEffect[],
  base: Omit<CoordinatorNotice, "kind" | "recipientAgentId">,
  originatingAgentId: string | null,
  now: Date,
): Promise<void> {
  if (!notifier || effects.length === 0) return;
  for (const e of effects) {
    const notice: CoordinatorNotice =
      e.kind === "notify_originating_agent"
        ? { ...base, kind: "abm_active_suppression", recipientAgentId: originatingAgentId }
        : { ...base, kind: "routing_error", recipientAgentId: e.agentId };
    await notifier(tx, notice, now);
  }
}
