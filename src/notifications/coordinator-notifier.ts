// Routes the coordinator core's decision effects into the outbox (src/coordinator/apply-effects.ts):
// spec 001 gate 2 "Notify originating agent (AGT-304) of suppression"; conflict matrix T3 "flag as
// routing error to AGT-202". It is the default notifier of apply-effects.ts, so every process that
// runs the coordinator notifies, whatever else it loads.
import type { Kysely } from "kysely";
import type { CoordinatorNotice } from "../coordinator/contract.ts";
import type { DB } from "../db/database.ts";
import { notify } from "./notify.ts";

export const ROUTING_AGENT_ID = "AGT-202";

export async function notifyCoordinatorNotice(
  tx: Kysely<DB>,
  n: CoordinatorNotice,
  now: Date,
): Promise<void> {
  await notify(tx, {
    clientId: n.clientId,
    kind: `coordinator.${n.kind}`,
    // an activation without an originating agent: RevOps hears about the suppression instead
    recipient: n.recipientAgentId
      ? { agentId: n.recipientAgentId }
      : n.kind === "routing_error"
        ? { agentId: ROUTING_AGENT_ID }
        : { role: "revops" },
    now,
    payload: {
      reason: n.kind,
      contact_id: n.contactId,
      enrollment_id: n.enrollmentId,
      campaign_id: n.campaignId,
      event_id: n.eventId,
      sequence_type: n.sequenceType,
      message:
        n.kind === "abm_active_suppression"
          ? "A nurture sequence on an ABM-active account was blocked (spec 001 gate 2)."
          : "A sales sequence was requested for a T3 prospect; T3 belongs to marketing (spec 001 conflict matrix).",
    },
  });
}
