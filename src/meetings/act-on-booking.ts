// What a booking does to the contact it is known to be (issue 41 item 2): each live enrollment ends
// as converted, reason meeting_booked, and follows on_exit (spec 002: a meeting goes to the exec's
// gate), and a meeting_booked event says so. Run at once for a booking through the signed link, and
// when a person confirms one matched by address alone (issue 56 item 4, decide-booking-review.ts).
import type { Kysely } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { type ExitResult, exitContact, LIVE_STATUSES, logCampaignEvent } from "../campaigns/index.ts";
import type { DB } from "../db/database.ts";

export type BookingExit = { enrollment_id: string; status: string; next: ExitResult["next"]["kind"] };

export interface BookingFacts {
  clientId: string;
  contactId: string;
  meetingId: string;
  provider: string;
  title: string | null;
  startAt: Date | null;
  matchedBy: "token" | "email";
  /** the provider's id of the booking this one replaces (a reschedule) */
  replaces: string | null;
  /** the person who confirmed a booking matched by address alone */
  confirmedBy?: string;
}

/** Ends the contact's live enrollments for the booking, in the caller's transaction. */
export async function actOnBooking(
  tx: Kysely<DB>,
  actor: Principal,
  b: BookingFacts,
  now: Date,
): Promise<BookingExit[]> {
  const live = await tx
    .selectFrom("campaign_contacts")
    .selectAll()
    .where("client_id", "=", b.clientId)
    .where("contact_id", "=", b.contactId)
    .where("status", "in", LIVE_STATUSES)
    .orderBy("enrolled_at")
    .execute();
  const exits: BookingExit[] = [];
  for (const e of live) {
    const r = await exitContact(
      tx,
      {
        clientId: b.clientId,
        enrollmentId: e.id,
        reason: "meeting_booked",
        actor,
        notes: `${b.provider}: ${b.title ?? "meeting"}${b.startAt ? ` at ${b.startAt.toISOString()}` : ""}`,
      },
      now,
    );
    if (!r.already_ended) exits.push({ enrollment_id: r.enrollment_id, status: r.status, next: r.next.kind });
  }
  if (exits.length)
    await tx
      .updateTable("meetings")
      .set({ enrollment_id: exits[0].enrollment_id })
      .where("client_id", "=", b.clientId)
      .where("id", "=", b.meetingId)
      .execute();
  await logCampaignEvent(
    tx,
    {
      type: "meeting_booked",
      clientId: b.clientId,
      contactId: b.contactId,
      enrollment: live[0] ?? null,
      actorPrincipalId: actor.principalId,
      details: {
        provider: b.provider,
        meeting_id: b.meetingId,
        title: b.title,
        start_at: b.startAt?.toISOString() ?? null,
        matched_by: b.matchedBy,
        rescheduled_from: b.replaces,
        exited: exits.map((x) => x.enrollment_id),
        ...(b.confirmedBy ? { confirmed_by: b.confirmedBy } : {}),
      },
    },
    now,
  );
  return exits;
}
