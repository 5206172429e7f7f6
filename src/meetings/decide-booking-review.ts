// Bookings that wait for a person (issue 56 item 4): a booking matched to a contact only by the
// address the invitee typed holds the contact's sends (receive-booking.ts). A person confirms it:
// the booking acts as one through the signed link does (act-on-booking.ts: the enrollments end as
// meeting_booked and follow on_exit); or dismisses it: the sends it held resume. RevOps, sales
// leaders and admins decide, as they decide untrusted inbound mail (inbound-reviews.ts); the exec
// reads. Each booking is decided once, under its row's lock. Books (issue 61 item 2): a sales leader
// lists and decides the bookings of their book's prospects only; another's is not found.
import type { Kysely, Selectable } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import { bookOf, contactIdInBook } from "../books/index.ts";
import { assertNever, writeResume } from "../campaigns/index.ts";
import { lockContact } from "../coordinator/index.ts";
import type { DB } from "../db/database.ts";
import { byTimeAndId, keysetPage, type Page, type PageArgs } from "../db/page-cursor.ts";
import { BatonError } from "../errors/baton-error.ts";
import { REVIEW_DECIDER_ROLES, REVIEW_READER_ROLES } from "../inbox/index.ts";
import { actOnBooking, type BookingExit } from "./act-on-booking.ts";
import { ensureMeetingPrincipal } from "./manage-meeting-webhooks.ts";
import type { HeldEnrollment, MeetingProvider, MeetingsTable, ReviewStatus } from "./tables.ts";

export type BookingDecision = "confirm" | "dismiss";

export interface BookingReview {
  meeting_id: string;
  review_status: ReviewStatus;
  provider: MeetingProvider;
  contact_id: string;
  invitee_email: string;
  invitee_name: string | null;
  title: string | null;
  start_at: string | null;
  booked_at: string;
  status: "booked" | "cancelled";
  held: HeldEnrollment[];
  decided_by: string | null;
  decided_at: string | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** The tenant's bookings matched by address alone, oldest first (default: those still pending). */
export async function listBookingReviews(
  db: Kysely<DB>,
  actor: Principal,
  filter: { status?: ReviewStatus } & PageArgs = {},
): Promise<Page<BookingReview>> {
  requireRole(actor, "read bookings that wait for a person", ...REVIEW_READER_ROLES);
  const book = await bookOf(db, actor);
  const q = db
    .selectFrom("meetings")
    .selectAll()
    .where("client_id", "=", actor.clientId)
    .where("review_status", "=", filter.status ?? "pending")
    .where(contactIdInBook(book, actor.clientId, "meetings.contact_id"));
  const key = byTimeAndId("booked_at", "id");
  const spec = { list: "booking-reviews", tenant: actor.clientId, key, direction: "asc" } as const;
  const page = await keysetPage(q, spec, filter, 100);
  return { items: page.items.map(reviewView), next_cursor: page.next_cursor };
}

function reviewView(r: Selectable<MeetingsTable>): BookingReview {
  return {
    meeting_id: r.id,
    review_status: r.review_status!,
    provider: r.provider,
    contact_id: r.contact_id!,
    invitee_email: r.invitee_email,
    invitee_name: r.invitee_name,
    title: r.title,
    start_at: iso(r.start_at),
    booked_at: iso(r.booked_at)!,
    status: r.status,
    held: r.held,
    decided_by: r.decided_by_principal_id,
    decided_at: iso(r.decided_at),
  };
}

/**
 * Closes a pending booking review as dismissed and resumes the sends it held, in the caller's
 * transaction (a person's dismissal, or the tool cancelling the booking: actor null). Enrollments
 * another pending booking of the contact also holds stay paused and pass to it; those a pending
 * stop request holds (an untrusted "unsubscribe", inbound-reviews.ts) stay paused for that one.
 */
export async function resumeBookingHold(
  tx: Kysely<DB>,
  clientId: string,
  meetingId: string,
  actor: { principalId: string | null },
  status: "dismissed",
  now: Date,
): Promise<number> {
  const m = await tx
    .updateTable("meetings")
    .set({ review_status: status, decided_at: now, decided_by_principal_id: actor.principalId })
    .where("client_id", "=", clientId)
    .where("id", "=", meetingId)
    .where("review_status", "=", "pending")
    .returning(["contact_id", "held"])
    .executeTakeFirst();
  if (!m?.contact_id || m.held.length === 0) return 0;
  await lockContact(tx, clientId, m.contact_id);
  const otherBooking = await tx
    .selectFrom("meetings")
    .select(["id", "held"])
    .where("client_id", "=", clientId)
    .where("contact_id", "=", m.contact_id)
    .where("review_status", "=", "pending")
    .orderBy("booked_at")
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
  if (otherBooking) {
    await tx
      .updateTable("meetings")
      .set({ held: JSON.stringify([...otherBooking.held, ...m.held]) })
      .where("client_id", "=", clientId)
      .where("id", "=", otherBooking.id)
      .execute();
    return 0;
  }
  const stop = await tx
    .selectFrom("inbound_reviews")
    .select("id")
    .where("client_id", "=", clientId)
    .where("contact_id", "=", m.contact_id)
    .where("status", "=", "pending")
    .where("stop_request", "=", true)
    .limit(1)
    .executeTakeFirst();
  if (stop) return 0;
  let resumed = 0;
  for (const p of m.held) {
    const e = await tx
      .selectFrom("campaign_contacts")
      .selectAll()
      .where("client_id", "=", clientId)
      .where("id", "=", p.enrollment_id)
      .where("status", "=", "paused")
      .where("paused_until", "is", null)
      .forUpdate()
      .executeTakeFirst();
    if (!e) continue; // ended or resumed meanwhile
    await writeResume(
      tx,
      clientId,
      e,
      // back to its out-of-office pause (its hold reason as it was), else active
      { until: p.paused_until ? new Date(p.paused_until) : null },
      {
        actorPrincipalId: actor.principalId,
        resolution: "booking_review_dismissed",
        details: { meeting_id: meetingId },
      },
      now,
    );
    resumed++;
  }
  return resumed;
}

export interface BookingDecisionResult {
  meeting_id: string;
  review_status: ReviewStatus;
  exits: BookingExit[];
  resumed: number;
}

/** A person's decision on one booking matched by address alone. */
export async function decideBookingReview(
  db: Kysely<DB>,
  actor: Principal,
  meetingId: string,
  decision: BookingDecision,
  now: Date,
): Promise<BookingDecisionResult> {
  requireRole(actor, "decide bookings that wait for a person", ...REVIEW_DECIDER_ROLES);
  const book = await bookOf(db, actor);
  return db.transaction().execute(async (tx) => {
    const m = await tx
      .selectFrom("meetings")
      .selectAll()
      .where("client_id", "=", actor.clientId)
      .where("id", "=", meetingId)
      .where(contactIdInBook(book, actor.clientId, "meetings.contact_id"))
      .forUpdate()
      .executeTakeFirst();
    if (!m) throw new BatonError("MEETING_NOT_FOUND", { id: meetingId });
    if (m.review_status !== "pending" || !m.contact_id)
      throw new BatonError("BOOKING_REVIEW_NOT_PENDING", {
        id: meetingId,
        status: m.review_status ?? "none",
      });
    switch (decision) {
      case "confirm": {
        if (m.status !== "booked")
          throw new BatonError("BOOKING_REVIEW_NOT_PENDING", { id: meetingId, status: m.status });
        await tx
          .updateTable("meetings")
          .set({ review_status: "confirmed", decided_at: now, decided_by_principal_id: actor.principalId })
          .where("client_id", "=", actor.clientId)
          .where("id", "=", meetingId)
          .execute();
        // the exits are the booking tool's doing, confirmed by the person (the event names them)
        const tool = await ensureMeetingPrincipal(tx, actor.clientId);
        const exits = await actOnBooking(
          tx,
          tool,
          {
            clientId: actor.clientId,
            contactId: m.contact_id,
            meetingId,
            provider: m.provider,
            title: m.title,
            startAt: m.start_at ? new Date(m.start_at) : null,
            matchedBy: "email",
            replaces: null,
            confirmedBy: actor.principalId,
          },
          now,
        );
        return { meeting_id: meetingId, review_status: "confirmed" as const, exits, resumed: 0 };
      }
      case "dismiss": {
        const resumed = await resumeBookingHold(tx, actor.clientId, meetingId, actor, "dismissed", now);
        return { meeting_id: meetingId, review_status: "dismissed" as const, exits: [], resumed };
      }
      default:
        return assertNever(decision);
    }
  });
}
