// spec 001: every due step runs gates 1-5 (contract.ts GateStep). The engine calls it inside its
// transaction. hold/queue: the step waits (next_send_at = until), it is never dropped. block at
// gate 1: the enrollment is terminated ('opted_out'); at gate 2 (the account became ABM-active
// while a nurture ran): 'cancelled'; at gate 5 nothing changes.
import type { CompiledQuery, Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import { executeBatch } from "../db/pipelined-driver.ts";
import { BatonError } from "../errors/baton-error.ts";
import { type EventRow, eventRow, insertEventRows } from "../event-log/index.ts";
import { applyEffects } from "./apply-effects.ts";
import type { Decision, GateStep } from "./contract.ts";
import { decide } from "./gates/decide.ts";
import type { DecisionCore } from "./gates/types.ts";
import { lockAccountOfQuery } from "./snapshot/lock-accounts.ts";
import { lockContactOfQuery, lockedContactOf } from "./snapshot/lock-contact.ts";
import { preparedTemplate } from "./snapshot/prepared.ts";
import { stepEventContext, stepSnapshotQuery, toStepSnapshot } from "./snapshot/step-snapshot.ts";
import { decisionEventRow, type EventContext, writeDecisionEvent } from "./write-decision-event.ts";

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
export async function terminateEnrollment(
  tx: Kysely<DB>,
  clientId: string,
  enrollmentId: string,
  d: DecisionCore,
  now: Date,
) {
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
    .where("client_id", "=", clientId)
    .where("id", "=", enrollmentId)
    .where("status", "in", ["queued", "active", "paused"])
    .execute();
  await tx
    .updateTable("contacts")
    .set({ active_sequence_id: null })
    .where("client_id", "=", clientId)
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

/** A decision's one write (its row and its event row), as a template (prepared.ts); its one row. */
async function writeOnce<R>(tx: Kysely<DB>, label: string, q: CompiledQuery<R>, commit: boolean): Promise<R> {
  const [rows] = await executeBatch(tx, [q], { commit });
  if (rows.length !== 1) throw new Error(`coordinator: the ${label} write returned ${rows.length} rows`);
  return rows[0];
}

// hold/queue: the step waits until `until`; its event row in the same statement
const holdWrite = preparedTemplate(
  "step_hold",
  (tx, p: { clientId: string; enrollmentId: string; until: Date | null; now: Date; row: EventRow }) =>
    insertEventRows(
      tx.with("w", (db) =>
        db
          .updateTable("campaign_contacts")
          .set({ next_send_at: p.until, updated_at: p.now })
          .where("client_id", "=", p.clientId)
          .where("id", "=", p.enrollmentId)
          .returning("id"),
      ),
      [p.row],
    )
      .returning("event_id")
      .compile(),
);

// allow: the contact's active enrollment and step; its event row in the same statement (exported for
// bench:coordinator's floor, which runs this very statement from pgbench's C client)
export const allowWrite = preparedTemplate(
  "step_allow",
  (tx, p: { clientId: string; contactId: string; enrollmentId: string; step: number; row: EventRow }) =>
    insertEventRows(
      tx.with("w", (db) =>
        db
          .updateTable("contacts")
          .set({ active_sequence_id: p.enrollmentId, current_step: p.step })
          .where("client_id", "=", p.clientId)
          .where("contact_id", "=", p.contactId)
          .returning("contact_id"),
      ),
      [p.row],
    )
      .returning("event_id")
      .compile(),
);

/**
 * Tenants this process has seen with a capped account (issue 61 item 5). A hint, not a rule: it only
 * decides whether the account's lock goes out with the contact's, before the snapshot. A tenant
 * without account caps never sends it (issue 68: a statement on every decision of every tenant);
 * when the snapshot shows a cap the hint did not expect, the account is locked then and the
 * snapshot read again under that lock, so every count gate 3 makes is still read under the lock.
 */
const cappedTenants = new Set<string>();

/** The contact's lock, the capped account's when expected, then the snapshot (its rows). */
async function lockAndRead(tx: Kysely<DB>, clientId: string, enrollmentId: string, now: Date) {
  const of = { enrollmentId };
  const snapshot = stepSnapshotQuery(tx, clientId, enrollmentId, now);
  if (cappedTenants.has(clientId)) {
    const [locked, , read] = await executeBatch(tx, [
      lockContactOfQuery(tx, clientId, of),
      lockAccountOfQuery(tx, clientId, enrollmentId),
      snapshot,
    ]);
    return { contact: lockedContactOf(locked, of), snap: toStepSnapshot(read, enrollmentId) };
  }
  const [locked, read] = await executeBatch(tx, [lockContactOfQuery(tx, clientId, of), snapshot]);
  const contact = lockedContactOf(locked, of);
  const snap = toStepSnapshot(read, enrollmentId);
  if (!snap.sendWindow?.accountCap) return { contact, snap };
  cappedTenants.add(clientId);
  const [, again] = await executeBatch(tx, [lockAccountOfQuery(tx, clientId, enrollmentId), snapshot]);
  return { contact, snap: toStepSnapshot(again, enrollmentId) };
}

export const gateStep: GateStep = async (tx, req, now, opts) => {
  // the contact's lock, its account's if the account has a cap (lock-accounts.ts), then one
  // statement for every fact the gates read (step-snapshot.ts), sent together in one round trip:
  // the snapshot runs after the locks are granted (pipelined-driver.ts)
  const { contact, snap } = await lockAndRead(tx, req.clientId, req.enrollmentId, now);
  const contactId = contact.contactId;
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
      transition: {
        kind: "step",
        status: e.status,
        holdReason: e.hold_reason,
        currentStep: e.current_step,
        stepCount: e.step_count,
      },
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
  // the caller's transaction ends here: the write carries the COMMIT when nothing follows it
  const commit = opts?.endsTransaction === true && d.effects.length === 0;
  let eventId: number;
  if (d.action === "hold" || d.action === "queue") {
    const row = eventRow(decisionEventRow("step", d, ctx, now));
    const q = holdWrite(tx, { clientId: req.clientId, enrollmentId: e.id, until: d.until, now, row });
    eventId = (await writeOnce(tx, "step_hold", q, commit)).event_id;
  } else if (d.action === "allow") {
    const row = eventRow(decisionEventRow("step", d, ctx, now));
    const q = allowWrite(tx, {
      clientId: req.clientId,
      contactId,
      enrollmentId: e.id,
      step: e.current_step,
      row,
    });
    eventId = (await writeOnce(tx, "step_allow", q, commit)).event_id;
  } else {
    await terminateEnrollment(tx, req.clientId, e.id, d, now);
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
