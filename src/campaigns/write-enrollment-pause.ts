// The one write of an enrollment's pause and resume inside a caller's transaction, with its event
// (issue 56 review: a reply's hold, a triage decision's delay and resume, the engine's resume after
// an out-of-office, a dismissed booking review and a decided inbound review each wrote the same
// update and event). The caller holds the contact's lock and has read the enrollment live; which
// enrollments to touch and whether they may be touched stays the caller's decision.
import { type Kysely, type Selectable, sql } from "kysely";
import type { CampaignContactsTable, HoldReason } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import { logCampaignEvent } from "./log-event.ts";

type Enrollment = Selectable<CampaignContactsTable>;

/** The event a pause or resume writes: its contact is the enrollment's. */
export interface PauseEvent {
  actorPrincipalId?: string | null;
  resolution: string;
  details: Record<string, unknown>;
}

/**
 * The columns of an enrollment active again: a step that fell due during the pause goes at once
 * (the coordinator's caps still space the touches). Its hold reason is left as it was.
 */
export function resumedEnrollment(now: Date) {
  return {
    status: "active" as const,
    paused_until: null,
    next_send_at: sql<Date>`greatest(coalesce(next_send_at, ${now}), ${now})`,
  };
}

/**
 * Pauses the enrollment until `until` (null: until a person resumes it) and logs the paused event.
 * `holdReason` is what gate 5 reports; absent: left as it was.
 */
export async function writePause(
  tx: Kysely<DB>,
  clientId: string,
  e: Enrollment,
  pause: { until: Date | null; holdReason?: HoldReason },
  event: PauseEvent,
  now: Date,
): Promise<void> {
  await tx
    .updateTable("campaign_contacts")
    .set({
      status: "paused",
      paused_until: pause.until,
      ...(pause.holdReason ? { hold_reason: pause.holdReason } : {}),
      updated_at: now,
    })
    .where("client_id", "=", clientId)
    .where("id", "=", e.id)
    .execute();
  await logCampaignEvent(
    tx,
    { type: "paused", clientId, contactId: e.contact_id, enrollment: e, ...event },
    now,
  );
}

/**
 * Releases a hold on the enrollment and logs the resumed event: back to the pause it had before
 * (`backTo.until` set, with the hold reason `backTo.holdReason`, absent: left as it was), or active.
 */
export async function writeResume(
  tx: Kysely<DB>,
  clientId: string,
  e: Enrollment,
  backTo: { until: Date | null; holdReason?: HoldReason | null },
  event: PauseEvent,
  now: Date,
): Promise<void> {
  await tx
    .updateTable("campaign_contacts")
    .set(
      backTo.until
        ? {
            paused_until: backTo.until,
            ...(backTo.holdReason !== undefined ? { hold_reason: backTo.holdReason } : {}),
            updated_at: now,
          }
        : { ...resumedEnrollment(now), updated_at: now },
    )
    .where("client_id", "=", clientId)
    .where("id", "=", e.id)
    .execute();
  await logCampaignEvent(
    tx,
    { type: "resumed", clientId, contactId: e.contact_id, enrollment: e, ...event },
    now,
  );
}
