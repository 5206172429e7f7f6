// Routes the coordinator core's decision effects into the outbox (src/coordinator/apply-effects.ts):
// spec 001 gate 2 "Notify originating agent (AGT-304) of suppression"; conflict matrix T3 "flag as
// routing error to AGT-202". Installed once, when this module is first imported (by the HTTP
// routes and the background jobs).
import { setCoordinatorNotifier } from "../apply-effects.ts";
import { notify } from "./notify.ts";

export const ROUTING_AGENT_ID = "AGT-202";

setCoordinatorNotifier(async (tx, n, now) => {
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
});

export const coordinatorNotifierInstalled = true;
