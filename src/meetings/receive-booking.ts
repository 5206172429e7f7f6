// One delivery a scheduling tool posted (issue 41 item 2): find the tenant's endpoint, prove the
// delivery is the tool's (refused with a code otherwise, and nothing changes), then in one
// transaction record the booking once and act on it:
//   booked     through the booking link (its signed token names the contact): the contact gets the
//              meeting; each live enrollment ends as converted, reason meeting_booked, and follows
//              on_exit (act-on-booking.ts). Matched only by an address exactly one contact of the
//              tenant has: anyone can type that address into the public booking page (issue 56
//              item 4), so the contact's sends are held (holdContactSends, as an untrusted stop
//              request does) and the booking waits for a person (review_status pending,
//              decide-booking-review.ts), who confirms it (the same exits) or dismisses it.
//   cancelled  recorded and reported (a meeting_cancelled event); the exit is not undone. A booking
//              still waiting for a person is closed instead, and the sends it held resume.
// A booking that matches no contact is kept (contact null) so the team sees it; nothing else happens.
import { type Kysely, sql } from "kysely";
import { logCampaignEvent } from "../campaigns/index.ts";
import { normalizeEmail } from "../contact-keys/index.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { decryptSecret, holdContactSends } from "../inbox/index.ts";
import { actOnBooking, type BookingExit } from "./act-on-booking.ts";
import { type BookingEvent, readBookingEvent, verifyBookingSignature } from "./booking-event.ts";
import { readBookingToken } from "./booking-link.ts";
import { resumeBookingHold } from "./decide-booking-review.ts";
import { ensureMeetingPrincipal } from "./manage-meeting-webhooks.ts";
import { MEETING_PROVIDERS, type MeetingProvider } from "./tables.ts";

export interface BookingRequest {
  provider: string;
  id: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

export interface BookingOutcome {
  outcome: "booked" | "cancelled" | "duplicate" | "ignored";
  meeting_id: string | null;
  contact_id: string | null;
  matched_by: "token" | "email" | null;
  /** the enrollments the booking ended, and where each went next (on_exit) */
  exits: BookingExit[];
  /** pending: matched by address alone, the contact's sends are held until a person decides */
  review: "pending" | null;
  /** the enrollments a pending booking paused */
  held: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function matchContact(
  tx: Kysely<DB>,
  secret: string,
  clientId: string,
  ev: BookingEvent,
): Promise<{ contactId: string | null; matchedBy: "token" | "email" | null }> {
  const byToken = readBookingToken(secret, clientId, ev.token);
  if (byToken) {
    const c = await tx
      .selectFrom("contacts")
      .select("contact_id")
      .where("client_id", "=", clientId)
      .where("contact_id", "=", byToken)
      .executeTakeFirst();
    if (c) return { contactId: c.contact_id, matchedBy: "token" };
  }
  // an address alone matches only when exactly one contact of the tenant has it
  const key = normalizeEmail(ev.inviteeEmail);
  if (!key) return { contactId: null, matchedBy: null };
  const rows = await sql<{ contact_id: string }>`
    select contact_id from contacts where client_id = ${clientId} and email_key = ${key} limit 2`.execute(tx);
  return rows.rows.length === 1
    ? { contactId: rows.rows[0].contact_id, matchedBy: "email" }
    : { contactId: null, matchedBy: null };
}

export async function receiveBooking(
  deps: { db: Kysely<DB>; secret: string },
  req: BookingRequest,
  now: Date,
): Promise<BookingOutcome> {
  const provider = req.provider as MeetingProvider;
  if (!(MEETING_PROVIDERS as readonly string[]).includes(provider) || !UUID.test(req.id))
    throw new BatonError("MEETING_WEBHOOK_NOT_FOUND", { provider: req.provider, id: req.id.slice(0, 64) });
  const hook = await deps.db
    .selectFrom("meeting_webhooks")
    .select(["client_id", "id", "secret_enc", "max_age_s"])
    .where("id", "=", req.id)
    .where("provider", "=", provider)
    .executeTakeFirst();
  if (!hook) throw new BatonError("MEETING_WEBHOOK_NOT_FOUND", { provider, id: req.id });
  const key = decryptSecret(deps.secret, hook.secret_enc);
  if (key === null)
    throw new BatonError("WEBHOOK_SIGNATURE_INVALID", {
      provider,
      why: "the endpoint's key cannot be unsealed (BATON_SECRET changed?)",
    });
  verifyBookingSignature(provider, key, req.headers, req.rawBody, now, hook.max_age_s);
  const ev = readBookingEvent(provider, req.rawBody);
  const clientId = hook.client_id;
  const none = { meeting_id: null, contact_id: null, matched_by: null, exits: [], review: null, held: [] };
  return deps.db.transaction().execute(async (tx) => {
    await tx
      .updateTable("meeting_webhooks")
      .set({ last_event_at: now, events_count: sql`events_count + 1` })
      .where("client_id", "=", clientId)
      .where("id", "=", hook.id)
      .execute();
    if (!ev) return { outcome: "ignored" as const, ...none };
    const actor = await ensureMeetingPrincipal(tx, clientId);
    if (ev.kind === "cancelled")
      return cancel(tx, deps.secret, clientId, hook.id, actor.principalId, ev, now);
    const { contactId, matchedBy } = await matchContact(tx, deps.secret, clientId, ev);
    const inserted = await tx
      .insertInto("meetings")
      .values({
        client_id: clientId,
        webhook_id: hook.id,
        provider,
        provider_event_id: ev.bookingId,
        contact_id: contactId,
        status: "booked",
        matched_by: matchedBy,
        invitee_email: ev.inviteeEmail,
        invitee_name: ev.inviteeName,
        title: ev.title,
        start_at: ev.startAt,
        end_at: ev.endAt,
        booked_at: ev.occurredAt ?? now,
      })
      .onConflict((oc) => oc.columns(["client_id", "provider", "provider_event_id"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) return { outcome: "duplicate" as const, ...none };
    // a reschedule: the booking it replaces is over, quietly (the new one stands for it); one that
    // waited for a person hands what it held to the new one (or to the exits of a signed booking)
    const replaced = ev.replaces
      ? await tx
          .updateTable("meetings")
          .set({ status: "cancelled", cancelled_at: now, cancel_reason: "rescheduled" })
          .where("client_id", "=", clientId)
          .where("provider", "=", provider)
          .where("provider_event_id", "=", ev.replaces)
          .where("status", "=", "booked")
          .returning(["id", "review_status", "held"])
          .execute()
      : [];
    const carried = replaced.filter((r) => r.review_status === "pending").flatMap((r) => r.held);
    for (const r of replaced.filter((x) => x.review_status === "pending"))
      await tx
        .updateTable("meetings")
        .set({ review_status: "dismissed", decided_at: now, held: "[]" })
        .where("client_id", "=", clientId)
        .where("id", "=", r.id)
        .execute();
    const facts = {
      clientId,
      meetingId: inserted.id,
      provider,
      title: ev.title,
      startAt: ev.startAt,
      replaces: ev.replaces,
    };
    const booked = {
      outcome: "booked" as const,
      meeting_id: inserted.id,
      contact_id: contactId,
      matched_by: matchedBy,
    };
    if (contactId && matchedBy === "email") {
      // issue 56 item 4: the address is what the invitee typed; a person decides who booked
      const held = await holdContactSends(
        tx,
        clientId,
        contactId,
        now,
        { meeting_id: inserted.id, provider, why: "a booking matched by the invitee's address alone" },
        "booking_review",
      );
      await tx
        .updateTable("meetings")
        .set({ review_status: "pending", held: JSON.stringify([...carried, ...held]) })
        .where("client_id", "=", clientId)
        .where("id", "=", inserted.id)
        .execute();
      return {
        ...booked,
        exits: [],
        review: "pending" as const,
        held: [...carried, ...held].map((x) => x.enrollment_id),
      };
    }
    const exits =
      contactId && matchedBy === "token"
        ? await actOnBooking(tx, actor, { ...facts, contactId, matchedBy }, now)
        : [];
    return { ...booked, exits, review: null, held: [] };
  });
}

async function cancel(
  tx: Kysely<DB>,
  secret: string,
  clientId: string,
  webhookId: string,
  actorId: string,
  ev: BookingEvent,
  now: Date,
): Promise<BookingOutcome> {
  const reason = ev.rescheduled ? "rescheduled" : (ev.cancelReason ?? "cancelled");
  let row = await tx
    .updateTable("meetings")
    .set({ status: "cancelled", cancelled_at: now, cancel_reason: reason })
    .where("client_id", "=", clientId)
    .where("provider", "=", ev.provider)
    .where("provider_event_id", "=", ev.bookingId)
    .where("status", "=", "booked")
    .returning(["id", "contact_id", "matched_by", "enrollment_id", "review_status"])
    .executeTakeFirst();
  if (row?.review_status === "pending")
    // the booking that waited for a person is gone: nothing to decide, the sends it held resume
    await resumeBookingHold(tx, clientId, row.id, { principalId: actorId }, "dismissed", now);
  if (!row) {
    const seen = await tx
      .selectFrom("meetings")
      .select("id")
      .where("client_id", "=", clientId)
      .where("provider", "=", ev.provider)
      .where("provider_event_id", "=", ev.bookingId)
      .executeTakeFirst();
    if (seen)
      return {
        outcome: "duplicate",
        meeting_id: seen.id,
        contact_id: null,
        matched_by: null,
        exits: [],
        review: null,
        held: [],
      };
    // a cancellation of a booking Baton never saw (made before the endpoint existed): recorded
    const { contactId, matchedBy } = await matchContact(tx, secret, clientId, ev);
    row = await tx
      .insertInto("meetings")
      .values({
        client_id: clientId,
        webhook_id: webhookId,
        provider: ev.provider,
        provider_event_id: ev.bookingId,
        contact_id: contactId,
        status: "cancelled",
        matched_by: matchedBy,
        invitee_email: ev.inviteeEmail,
        invitee_name: ev.inviteeName,
        title: ev.title,
        start_at: ev.startAt,
        end_at: ev.endAt,
        booked_at: ev.occurredAt ?? now,
        cancelled_at: now,
        cancel_reason: reason,
      })
      .returning(["id", "contact_id", "matched_by", "enrollment_id", "review_status"])
      .executeTakeFirstOrThrow();
  }
  // reported, not undone: the enrollment the booking ended stays ended; people decide what next
  if (row.contact_id && !ev.rescheduled)
    await logCampaignEvent(
      tx,
      {
        type: "meeting_cancelled",
        clientId,
        contactId: row.contact_id,
        actorPrincipalId: actorId,
        details: {
          provider: ev.provider,
          meeting_id: row.id,
          title: ev.title,
          start_at: ev.startAt?.toISOString() ?? null,
          reason,
          ended_enrollment_id: row.enrollment_id,
        },
      },
      now,
    );
  return {
    outcome: "cancelled",
    meeting_id: row.id,
    contact_id: row.contact_id,
    matched_by: row.matched_by,
    exits: [],
    review: null,
    held: [],
  };
}
