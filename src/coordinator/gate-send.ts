// Gates 1 and 3 again at send time, in the same transaction as the send record (issue 3; DESIGN.md:
// "an opt-out that commits before the send wins"). The contact row lock is what orders a send
// after a concurrent opt-out: opt-out holds it while it commits, and this re-reads the flags after.
import type { GateSend } from "./contract.ts";
import { loadCapConfig } from "./coordinator-config.ts";
import { terminateEnrollment, toDecision } from "./gate-step.ts";
import { decide } from "./gates/decide.ts";
import { loadProspectFact } from "./snapshot/load-prospect-facts.ts";
import { loadTouches, lockContactOf } from "./snapshot/lock-contact.ts";
import { loadSendWindowFacts } from "./snapshot/send-window-facts.ts";
import { writeDecisionEvent } from "./write-decision-event.ts";

export const gateSend: GateSend = async (tx, req, now) => {
  const contact = await lockContactOf(tx, req.clientId, { sendItemId: req.sendItemId });
  const contactId = contact.contactId;
  const item = await tx
    .selectFrom("sales_send_queue as i")
    .innerJoin("campaign_contacts as e", (j) =>
      j.onRef("e.client_id", "=", "i.client_id").onRef("e.id", "=", "i.enrollment_id"),
    )
    .select([
      "i.id",
      "i.status as item_status",
      "i.idempotency_key",
      "i.step_number",
      "i.channel",
      "i.campaign_id",
      "i.enrollment_id",
      "e.status",
      "e.hold_reason",
      "e.sequence_type",
      "e.play_id",
      "e.originating_proposal_id",
      "e.originating_agent_id",
    ])
    .where("i.client_id", "=", req.clientId)
    .where("i.id", "=", req.sendItemId)
    .executeTakeFirstOrThrow();
  // the item's own earlier attempt (a ledger row left 'sending') is not a touch before itself
  const touches = await loadTouches(tx, req.clientId, contactId, now, item.idempotency_key);
  const config = await loadCapConfig(tx, req.clientId);
  const prospect = await loadProspectFact(tx, req.clientId, contactId, item.campaign_id);
  const windows = await loadSendWindowFacts(tx, req.clientId, { sendItemIds: [item.id] });
  const d = decide(
    {
      sequenceType: item.sequence_type,
      contact,
      account: contact.account,
      touches,
      config,
      concurrent: [],
      transition: {
        kind: "send",
        status: item.status,
        holdReason: item.hold_reason,
        itemStatus: item.item_status,
      },
      prospect,
      sendWindow: windows.get(item.id) ?? null,
    },
    now,
  );
  await terminateEnrollment(tx, req.clientId, item.enrollment_id, d, now);
  const eventId = await writeDecisionEvent(
    tx,
    "send",
    d,
    {
      clientId: req.clientId,
      contactId,
      accountId: contact.accountId,
      enrollmentId: item.enrollment_id,
      campaignId: item.campaign_id,
      sendItemId: item.id,
      stepNumber: item.step_number,
      channel: item.channel,
      sequenceType: item.sequence_type,
      originatingAgentId: item.originating_agent_id,
      playId: item.play_id,
      originatingProposalId: item.originating_proposal_id,
    },
    now,
  );
  return toDecision(d, eventId);
};
