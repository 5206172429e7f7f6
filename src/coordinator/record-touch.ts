// A touch is a sent (or, for LinkedIn, completed) step (DESIGN.md). Gate 3 counts these rows.
// Called by the engine in the same transaction as gateSend's allow and the item's 'sent' mark.
import { BatonError } from "../errors/baton-error.ts";
import { appendEvents, lineageOf } from "../event-log/append-events.ts";
import type { RecordTouch } from "./contract.ts";
import { touchesInWindow } from "./gates/touch-cap-gate.ts";
import { loadTouches, lockContact } from "./snapshot/lock-contact.ts";

export const recordTouch: RecordTouch = async (tx, req, now) => {
  const item = await tx
    .selectFrom("sales_send_queue as i")
    .innerJoin("campaign_contacts as e", (j) =>
      j.onRef("e.client_id", "=", "i.client_id").onRef("e.id", "=", "i.enrollment_id"),
    )
    .select([
      "i.id",
      "i.contact_id",
      "i.idempotency_key",
      "i.campaign_id",
      "i.enrollment_id",
      "i.step_number",
      "i.channel",
      "i.variant",
      "e.sequence_type",
      "e.play_id",
      "e.originating_proposal_id",
      "e.originating_agent_id",
    ])
    .where("i.client_id", "=", req.clientId)
    .where("i.id", "=", req.sendItemId)
    .executeTakeFirst();
  if (!item) throw new BatonError("NOT_FOUND", { entity: "send item", id: req.sendItemId });
  const contact = await lockContact(tx, req.clientId, item.contact_id); // already held when called after gateSend
  const transactional = item.sequence_type === "transactional";
  // this send's own ledger row is the touch being recorded (the + 1), not one before it
  const before = transactional
    ? []
    : await loadTouches(tx, req.clientId, item.contact_id, now, item.idempotency_key);
  const count = transactional ? 0 : touchesInWindow(before, now) + 1;
  await appendEvents(tx, [
    {
      client_id: req.clientId,
      occurred_at: now,
      contact_id: item.contact_id,
      account_id: contact.accountId,
      enrollment_id: item.enrollment_id,
      campaign_id: item.campaign_id,
      send_item_id: item.id,
      step_number: item.step_number,
      sequence_type: item.sequence_type,
      channel: item.channel,
      event_type: "touch",
      coordinator_action: "allow",
      resolution: "sent",
      touch_cap_at_event: count,
      compliance_status: "clear",
      lineage: lineageOf(item),
      // the A/B variant (null: none) for the step funnels (learning, 0140)
      details: { kind: "touch", variant: item.variant },
    },
  ]);
  await tx
    .updateTable("contacts")
    .set({
      last_touch_at: now,
      current_step: item.step_number,
      active_sequence_id: item.enrollment_id,
      updated_at: now,
    })
    .where("client_id", "=", req.clientId)
    .where("contact_id", "=", item.contact_id)
    .execute();
};
