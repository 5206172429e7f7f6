// spec 001: every due step runs gates 1-5 (contract.ts GateStep). The engine calls it inside its
// transaction. hold/queue: the step waits (next_send_at = until), it is never dropped. block at
// gate 1: the enrollment is terminated ('opted_out'); at gate 2 (the account became ABM-active
// while a nurture ran): 'cancelled'; at gate 5 nothing changes.
import type { CompiledQuery, Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { applyEffects } from "./apply-effects.ts";
import type { Decision, GateStep } from "./contract.ts";
import { decisionEventRow, type EventContext, writeDecisionEvent } from "./event-log/write-decision-event.ts";
import { decide } from "./gates/decide.ts";
import type { DecisionCore } from "./gates/types.ts";
import { lockContactOf } from "./snapshot/lock-contact.ts";
import { executeCompiledPrepared } from "./snapshot/prepared.ts";
import { loadStepSnapshot, stepEventContext } from "./snapshot/step-snapshot.ts";

/** The contact of an enrollment (not locked; the caller locks the contact next). */
export async function contactOfEnrollment(
  tx: Kysely<DB>,
  clientId: string,
  enrollmentId: string,
): Promise<string> {
  const r = await tx
    .selectFrom("campaign_contacts")
    .select("contact_id")
    .where("client_id", "=", clientId)
    .where("id", "=", enrollmentId)
    .executeTakeFirst();
  if (!r) throw new BatonError("NOT_FOUND", { entity: "enrollment", id: enrollmentId });
  return r.contact_id;
}

/** Ends a live enrollment after a gate-1 or gate-2 block (status per the transition map). */
export async function terminateEnrollment(tx: Kysely<DB>, enrollmentId: string, d: DecisionCore, now: Date) {
  if (d.action !== "block" || (d.gate !== 1 && d.gate !== 2)) return;
  await tx
    .updateTable("campaign_contacts")
    .set({
      status: d.gate === 1 ? "opted_out" : "cancelled",
      exited_at: now,
      exit_reason: String(d.reason),
      next_send_at: null,
      updated_at: now,
    })
    .where("id", "=", enrollmentId)
    .where("status", "in", ["queued", "active", "paused"])
    .execute();
  await tx
    .updateTable("contacts")
    .set({ active_sequence_id: null })
    .where("active_sequence_id", "=", enrollmentId)
    .execute();
}

export function toDecision(d: DecisionCore, eventId: number): Decision {
  return {
    action: d.action,
    gate: d.gate,
    reason: d.reason,
    until: d.until,
    eventId,
    touchCapAtEvent: d.touchCapAtEvent,
  };
}

/** A decision's one write (its row and its event row), as a named prepared statement; its one row. */
async function writeOnce<R>(tx: Kysely<DB>, label: string, q: { compile(): CompiledQuery<R> }): Promise<R> {
  const rows = await executeCompiledPrepared(tx, label, q.compile());
  if (rows.length !== 1) throw new Error(`coordinator: the ${label} write returned ${rows.length} rows`);
  return rows[0];
}

export const gateStep: GateStep = async (tx, req, now) => {
  const contact = await lockContactOf(tx, req.clientId, { enrollmentId: req.enrollmentId });
  const contactId = contact.contactId;
  // one statement for every fact the gates read (step-snapshot.ts), after the lock
  const snap = await loadStepSnapshot(tx, req.clientId, req.enrollmentId, contactId, now);
  const { enrollment: e, touches, live, config, prospect } = snap;
  const d = decide(
    {
      sequenceType: e.sequence_type,
      contact,
      account: contact.account,
      touches,
      config,
      concurrent: live
        .filter((x) => x.id !== e.id)
        .map((x) => ({ enrollmentId: x.id, sequenceType: x.sequenceType, status: x.status })),
      transition: { kind: "step", status: e.status, currentStep: e.current_step, stepCount: e.step_count },
      prospect,
      sendWindow: snap.sendWindow,
    },
    now,
  );
  const ctx: EventContext = stepEventContext(req.clientId, { contactId, accountId: contact.accountId }, e);
  // hold/queue and allow: the decision's one row update and its event row in ONE statement (a
  // data-modifying CTE; both run in this transaction, after the lock, as two statements would). Both
  // texts are fixed (decisionEventRow always has the same keys), so they run as named prepared
  // statements (prepared.ts): planned once per connection, like the lock and the snapshot
  let eventId: number;
  if (d.action === "hold" || d.action === "queue") {
    eventId = (
      await writeOnce(
        tx,
        "step_hold",
        tx
          .with("w", (db) =>
            db
              .updateTable("campaign_contacts")
              .set({ next_send_at: d.until, updated_at: now })
              .where("id", "=", e.id)
              .returning("id"),
          )
          .insertInto("cadence_event_log")
          .values(decisionEventRow("step", d, ctx, now))
          .returning("event_id"),
      )
    ).event_id;
  } else if (d.action === "allow") {
    eventId = (
      await writeOnce(
        tx,
        "step_allow",
        tx
          .with("w", (db) =>
            db
              .updateTable("contacts")
              .set({ active_sequence_id: e.id, current_step: e.current_step })
              .where("client_id", "=", req.clientId)
              .where("contact_id", "=", contactId)
              .returning("contact_id"),
          )
          .insertInto("cadence_event_log")
          .values(decisionEventRow("step", d, ctx, now))
          .returning("event_id"),
      )
    ).event_id;
  } else {
    await terminateEnrollment(tx, e.id, d, now);
    eventId = await writeDecisionEvent(tx, "step", d, ctx, now);
  }
  await applyEffects(
    tx,
    d.effects,
    {
      clientId: req.clientId,
      contactId,
      enrollmentId: e.id,
      campaignId: e.campaign_id,
      eventId,
      sequenceType: e.sequence_type,
    },
    e.originating_agent_id,
    now,
  );
  return toDecision(d, eventId);
};
