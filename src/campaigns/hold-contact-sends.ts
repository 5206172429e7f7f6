// Pausing every send of a contact at once, with no end date, for a person to decide (issue 35: an
// untrusted stop request; issue 56: a reply with any sign of a stop request, and every untrusted
// person's reply, whose campaign we cannot tell while its threading is unproven). Each live, running
// enrollment is paused in the caller's transaction after the contact's lock (the send path takes
// the same lock, so a send that falls due meets gate 5). Returns what it changed, so a resume
// restores exactly that.
import type { Kysely } from "kysely";
import { lockContact } from "../coordinator/index.ts";
import type { HoldReason } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import { writePause } from "./write-enrollment-pause.ts";

/** An untrusted person's reply's hold on the contact's enrollments (0344; gate 5 reports it). */
export const REVIEW_HOLD_REASON = "reply_pending_review" as const satisfies HoldReason;

export interface PausedEnrollment {
  enrollment_id: string;
  /** the paused_until it had before the hold (an out-of-office pause), or null (it was active) */
  paused_until: string | null;
}

/**
 * Pauses every live, running enrollment of the contact with no end date, in the caller's
 * transaction (after locking the contact: the send path takes the same lock). Returns what it
 * changed, so a resume restores exactly that.
 */
export async function holdContactSends(
  tx: Kysely<DB>,
  clientId: string,
  contactId: string,
  now: Date,
  details: Record<string, unknown>,
  /** the paused events' resolution (issue 56: a reply's stop signal holds with reply_pending_triage) */
  resolution = "inbound_review",
  /** the enrollments' hold reason, which gate 5 reports (issue 56); unset: left as it was */
  holdReason?: HoldReason,
): Promise<PausedEnrollment[]> {
  await lockContact(tx, clientId, contactId);
  const live = await tx
    .selectFrom("campaign_contacts")
    .selectAll()
    .where("client_id", "=", clientId)
    .where("contact_id", "=", contactId)
    .where((eb) =>
      eb.or([
        eb("status", "=", "active"),
        eb.and([eb("status", "=", "paused"), eb("paused_until", "is not", null)]),
      ]),
    )
    .orderBy("id")
    .forUpdate()
    .execute();
  const out: PausedEnrollment[] = [];
  for (const e of live) {
    await writePause(tx, clientId, e, { until: null, holdReason }, { resolution, details }, now);
    out.push({
      enrollment_id: e.id,
      paused_until: e.status === "paused" && e.paused_until ? new Date(e.paused_until).toISOString() : null,
    });
  }
  return out;
}
