// exit_contact for a batch of enrollments (spec 002), with a fixed number of statements for the
// common work: the engine ends every enrollment whose final touch is settled ('no_engagement').
// Same effects as exitContact(tx, {clientId, enrollmentId, reason}, now) per id in input order
// (actor and notes as given), except that every exit is written before any on_exit chain runs (a
// chain that enrolls a contact somewhere another enrollment of the same batch still held its
// place sees that place already freed), and the hand-offs the gated exits open are written
// together, before the other chains.
import { type Kysely, type Selectable, sql } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { lockContactsOf } from "../coordinator/index.ts";
import type { CampaignContactsTable } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import {
  cancelledItem,
  cancelPendingDrafts,
  closeDeals,
  type ExitNext,
  type ExitResult,
  endedEnrollment,
  exitEvent,
  followOnExit,
  onExitTarget,
  releasedContact,
  UNSENT_ITEM_STATUSES,
} from "./exit-contact.ts";
import { type ExitReason, isExitReason, isGateTarget, LIVE_STATUSES, statusForExit } from "./exit-reasons.ts";
import { logCampaignEvents } from "./log-event.ts";
import { openHandoffs } from "./open-handoffs.ts";

type Enrollment = Selectable<CampaignContactsTable>;

export async function exitContactsBatch(
  tx: Kysely<DB>,
  req: {
    clientId: string;
    enrollmentIds: string[];
    reason: ExitReason | string;
    /**
     * The enrollments (every column) as this transaction has locked them with their contacts and
     * last written them (the engine's step): not locked and read again.
     */
    locked?: readonly Enrollment[];
    /** Enrollments whose contact this transaction has already released (the final touch did). */
    released?: ReadonlySet<string>;
    /** Who ended them and why (the exit events'); absent = Baton itself, no notes. */
    actor?: Principal | null;
    notes?: string | null;
  },
  now: Date,
): Promise<ExitResult[]> {
  const { clientId, enrollmentIds } = req;
  const reason = req.reason;
  if (!isExitReason(reason)) throw new BatonError("EXIT_REASON_UNKNOWN", { reason });
  if (enrollmentIds.length === 0) return [];
  const ids = [...new Set(enrollmentIds)];
  const rows = req.locked ?? (await lockEnrollments(tx, clientId, ids));
  const byId = new Map(rows.map((e) => [e.id, e]));
  const missing = ids.find((id) => !byId.has(id));
  if (missing) throw new BatonError("ENROLLMENT_NOT_FOUND", { enrollment_id: missing });

  // The live ones end now (first occurrence, input order); the rest were already ended.
  const live = ids
    .map((id) => byId.get(id)!)
    .filter((e) => (LIVE_STATUSES as readonly string[]).includes(e.status));
  const liveIds = live.map((e) => e.id);
  const campaigns = new Map(
    liveIds.length === 0
      ? []
      : (
          await tx
            .selectFrom("campaigns")
            .selectAll()
            .where("client_id", "=", clientId)
            .where("id", "in", [...new Set(live.map((e) => e.campaign_id))])
            .execute()
        ).map((c) => [c.id, c]),
  );
  const nexts = new Map<string, ExitNext>();
  if (live.length > 0) {
    await tx
      .updateTable("campaign_contacts")
      .set(endedEnrollment(reason, now))
      .where("client_id", "=", clientId)
      .where("id", "in", liveIds)
      .execute();
    const cancelled = await tx
      .updateTable("sales_send_queue")
      .set(cancelledItem(reason, now))
      .where("client_id", "=", clientId)
      .where("enrollment_id", "in", liveIds)
      .where("status", "in", UNSENT_ITEM_STATUSES)
      .returning(["enrollment_id", "staged_draft_id"])
      .execute();
    await cancelPendingDrafts(tx, clientId, cancelled);
    // Only where the contact's active sequence is the ended enrollment (pairs, as exitContact does).
    const holding = live.filter((e) => !req.released?.has(e.id));
    if (holding.length > 0)
      await tx
        .updateTable("contacts")
        .set(releasedContact(now))
        .where("client_id", "=", clientId)
        .where(
          sql<boolean>`(contact_id, active_sequence_id) in (select * from unnest(${holding.map((e) => e.contact_id)}::uuid[], ${holding.map((e) => e.id)}::uuid[]))`,
        )
        .execute();
    const itemsCancelled = new Map<string, number>();
    for (const c of cancelled)
      itemsCancelled.set(c.enrollment_id, (itemsCancelled.get(c.enrollment_id) ?? 0) + 1);
    const exits = live.map((e) => {
      const campaign = campaigns.get(e.campaign_id)!;
      return { e, campaign, target: onExitTarget(campaign, reason) };
    });
    await logCampaignEvents(
      tx,
      exits.map((x) =>
        exitEvent(
          {
            enrollment: x.e,
            campaign: x.campaign,
            reason,
            target: x.target,
            actor: req.actor,
            notes: req.notes,
          },
          itemsCancelled.get(x.e.id) ?? 0,
        ),
      ),
      now,
    );
    // CRM writes go through the port (tests and the simulation replace it): one outbox row each, in
    // the batch's order, written together
    await closeDeals(
      tx,
      clientId,
      exits.map((x) => ({ campaign: x.campaign, enrollmentId: x.e.id })),
      reason,
      now,
    );
    // the gated exits' hand-offs together (one insert and their events), then each other chain
    const gated = exits.flatMap((x) => (isGateTarget(x.target) ? [{ ...x, gate: x.target.gate }] : []));
    const opened = await openHandoffs(
      tx,
      gated.map((x) => ({ enrollment: x.e, campaignSlug: x.campaign.slug, reason, gate: x.gate })),
      now,
    );
    gated.forEach((x, k) => {
      nexts.set(x.e.id, opened[k]);
    });
    for (const x of exits) {
      if (nexts.has(x.e.id)) continue;
      nexts.set(
        x.e.id,
        await followOnExit(
          tx,
          { enrollment: x.e, campaignSlug: x.campaign.slug, reason, target: x.target },
          now,
        ),
      );
    }
  }

  // Results in input order; a repeated id is already ended by its first occurrence, as in a loop.
  const seen = new Set<string>();
  return enrollmentIds.map((id): ExitResult => {
    const repeat = seen.has(id);
    seen.add(id);
    const next = nexts.get(id);
    if (next && !repeat)
      return { enrollment_id: id, already_ended: false, status: statusForExit(reason), reason, next };
    const e = byId.get(id)!;
    return {
      enrollment_id: id,
      already_ended: true,
      status: next ? statusForExit(reason) : e.status,
      reason: next ? reason : e.exit_reason,
      next: { kind: "none" },
    };
  });
}

/**
 * Locks a batch of the tenant's enrollments and returns them (all columns): their contacts first in
 * contact_id order, then the enrollments in id order (the lock order of every batch).
 */
export async function lockEnrollments(tx: Kysely<DB>, clientId: string, ids: string[]) {
  await lockContactsOf(tx, clientId, { enrollmentIds: ids });
  return tx
    .selectFrom("campaign_contacts")
    .selectAll()
    .where("client_id", "=", clientId)
    .where("id", "in", ids)
    .orderBy("id")
    .forUpdate()
    .execute();
}
