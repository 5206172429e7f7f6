// The one write of an enrollment's pause and resume inside a caller's transaction, with its event
// (issue 56 review: a reply's hold, a triage decision's delay and resume, the engine's resume after
// an out-of-office, a dismissed booking review and a decided inbound review each wrote the same
// update and event). The caller holds the contact's lock and has read the enrollment live; which
// enrollments to touch and whether they may be touched stays the caller's decision.
import { type Kysely, type Selectable, sql, type UpdateObject } from "kysely";
import type { CampaignContactsTable, HoldReason } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import { logCampaignEvents } from "./log-event.ts";

type Enrollment = Selectable<CampaignContactsTable>;

/** The event a pause or resume writes: its contact is the enrollment's. */
export interface PauseEvent {
  actorPrincipalId?: string | null;
  resolution: string;
  details: Record<string, unknown>;
}

/** One enrollment's pause (writePauses): until when, the hold reason gate 5 reports, its event. */
export type PauseWrite = {
  e: Enrollment;
  pause: { until: Date | null; holdReason?: HoldReason };
  event: PauseEvent;
};
/** One enrollment's resume (writeResumes): the pause it goes back to (until null: active), its event. */
export type ResumeWrite = {
  e: Enrollment;
  backTo: { until: Date | null; holdReason?: HoldReason | null };
  event: PauseEvent;
};

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
  await writePauses(tx, clientId, [{ e, pause, event }], now);
}

/**
 * writePause for many enrollments (a bulk triage decision): one update for each distinct pause,
 * then every paused event in one insert, in the order given.
 */
export async function writePauses(
  tx: Kysely<DB>,
  clientId: string,
  items: readonly PauseWrite[],
  now: Date,
): Promise<void> {
  await writeGrouped(
    tx,
    clientId,
    "paused",
    items,
    (x) => [x.pause.until?.getTime() ?? null, x.pause.holdReason ?? null],
    ({ pause }) => ({
      status: "paused",
      paused_until: pause.until,
      ...(pause.holdReason ? { hold_reason: pause.holdReason } : {}),
      updated_at: now,
    }),
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
  await writeResumes(tx, clientId, [{ e, backTo, event }], now);
}

/**
 * writeResume for many enrollments (a bulk triage decision): one update for each distinct way back,
 * then every resumed event in one insert, in the order given.
 */
export async function writeResumes(
  tx: Kysely<DB>,
  clientId: string,
  items: readonly ResumeWrite[],
  now: Date,
): Promise<void> {
  await writeGrouped(
    tx,
    clientId,
    "resumed",
    items,
    (x) => [x.backTo.until?.getTime() ?? null, x.backTo.holdReason],
    ({ backTo: { until, holdReason } }) =>
      until
        ? {
            paused_until: until,
            ...(holdReason !== undefined ? { hold_reason: holdReason } : {}),
            updated_at: now,
          }
        : { ...resumedEnrollment(now), updated_at: now },
    now,
  );
}

/**
 * The enrollments' update, one statement for each group written alike (the same `key`: first
 * occurrence order), then their events in one insert, in the order given.
 */
async function writeGrouped<T extends { e: Enrollment; event: PauseEvent }>(
  tx: Kysely<DB>,
  clientId: string,
  type: "paused" | "resumed",
  items: readonly T[],
  key: (x: T) => unknown,
  columns: (x: T) => UpdateObject<DB, "campaign_contacts">,
  now: Date,
): Promise<void> {
  const groups = new Map<string, T[]>();
  for (const x of items) {
    const k = JSON.stringify(key(x));
    groups.set(k, [...(groups.get(k) ?? []), x]);
  }
  for (const group of groups.values())
    await tx
      .updateTable("campaign_contacts")
      .set(columns(group[0]))
      .where("client_id", "=", clientId)
      .where(
        "id",
        "in",
        group.map((x) => x.e.id),
      )
      .execute();
  if (items.length === 0) return;
  await logCampaignEvents(
    tx,
    items.map((x) => ({ type, clientId, contactId: x.e.contact_id, enrollment: x.e, ...x.event })),
    now,
  );
}
