// What the coordinator tells an agent when a gate's effect asks for it (apply-effects.ts builds it,
// notifications/coordinator-notifier.ts writes it to the outbox).
export interface CoordinatorNotice {
  clientId: string;
  /** Who is told: the originating agent (gate 2) or AGT-202 (routing error). */
  recipientAgentId: string | null;
  kind: "abm_active_suppression" | "routing_error";
  contactId: string;
  enrollmentId: string | null;
  campaignId: string | null;
  eventId: number;
  sequenceType: string;
}
